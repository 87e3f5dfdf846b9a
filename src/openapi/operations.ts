/**
 * Every operation of the JSON API, with the zod schemas its handler validates with: the OpenAPI
 * document (document.ts) is generated from these, so the contract and the checks cannot drift.
 * A test takes the routes from the app's router and fails on any route missing here, and sends each
 * example to the running app.
 */
import { z } from 'zod';
import { auditQuerySchema } from '../audit/schema';
import { deliveryInputSchema, receiptSchema, reportSchema, returnSchema } from '../deliveries/schema';
import { DEVICE_TYPES } from '../devices/device-types';
import { actionInputSchema, listQuerySchema } from '../devices/schema';
import { donationInputSchema } from '../donations/schema';
import { assetActionSchema, assetInputSchema, assetListSchema, kitQuerySchema, loanListSchema, maintenanceSchema, registerQuerySchema } from '../equipment/schema';
import { manualErasureSchema, reviewSchema as erasureReviewSchema } from '../erasure/schema';
import { figureQuerySchema } from '../figures/schema';
import { hubCodeSchema, recordIdParam } from '../shared/validate';
import { hardwareReportSchema, reviewSchema } from '../hardware/schema';
import { labelQuerySchema } from '../labels/schema';
import { decisionSchema, inviteSchema, partnerInputSchema } from '../partners/schema';
import { erasureSchema } from '../privacy/schema';
import { hubIdentitySchema, programmeSchema } from '../programme/schema';
import { submitReportSchema } from '../reports/schema';
import { requestDecisionSchema, requestInputSchema, reservationSchema } from '../requests/schema';
import { resolveQuerySchema, stocktakeInputSchema, stocktakeScanSchema, undoInputSchema } from '../scan/schema';
import { arrivalSchema, transferInputSchema } from '../transfers/schema';
import { fitPartSchema, imagePatchSchema, imageSchema, shipmentSchema } from '../workshop/schema';
import type { MessageKey } from '../i18n/catalogue';

export type Method = 'get' | 'post' | 'put' | 'patch';

export type Operation = {
  method: Method;
  /** OpenAPI style, under /api/v1: /devices/{tag}. */
  path: string;
  tag: string;
  summary: MessageKey;
  /** Path parameters and their schemas. */
  params?: Record<string, z.ZodType>;
  query?: z.ZodType;
  body?: z.ZodType;
  /** A body that is not JSON (an nwipe log). */
  bodyType?: string;
  /** Request examples: sent to the running app by test/openapi.test.ts. */
  example?: unknown;
  queryExample?: Record<string, string>;
  /** What a success returns when it is not JSON: one media type, or those a query parameter chooses between. */
  produces?: string | string[];
  status?: number;
  /** Takes an idempotency key: the same key again answers 200 with what the first request recorded. */
  replays?: boolean;
  /** No token needed. */
  public?: boolean;
};

const tag = z
  .string()
  .regex(/^[A-Za-z]{2,5}-?\d{5}-?[0-9A-Za-z]$/)
  .describe('FOL-00042-5');
const id = recordIdParam;
const hubQuery = z.object({ hub: hubCodeSchema.optional() });
/** PUT /checklists/{type} takes the lines as a list; the handler joins them for checklistEditSchema. */
const checklistPut = z.object({ items: z.array(z.string().max(120)).max(60) });

export const OPERATIONS: Operation[] = [
  // Devices and donations
  { method: 'get', path: '/devices', tag: 'devices', summary: 'api.op.listDevices', query: listQuerySchema, queryExample: { state: 'received', type: 'laptop', limit: '20' } },
  { method: 'get', path: '/devices/{tag}', tag: 'devices', summary: 'api.op.getDevice', params: { tag } },
  {
    method: 'post',
    path: '/devices/{tag}/actions',
    tag: 'devices',
    summary: 'api.op.deviceAction',
    params: { tag },
    body: actionInputSchema,
    example: { action: 'diagnose', outcome: 'refurbish', hasStorage: true, idempotencyKey: 'scan-7f3a9c21' },
  },
  {
    method: 'post',
    path: '/donations',
    tag: 'devices',
    summary: 'api.op.donate',
    body: donationInputSchema,
    status: 201,
    replays: true,
    example: {
      hub: 'FOL',
      donor: { kind: 'company', name: 'Studio Rossi Srl', taxCode: '01234567890' },
      devices: [
        { type: 'laptop', brand: 'Dell', model: 'Latitude E7240', serial: 'CN-0F1', weightKg: 1.5, hasStorage: true },
        { type: 'monitor', quantity: 3 },
      ],
    },
  },
  { method: 'get', path: '/imports/{id}', tag: 'devices', summary: 'api.op.importProgress', params: { id } },
  // Labels and scanning
  { method: 'get', path: '/labels/formats', tag: 'labels', summary: 'api.op.labelFormats' },
  { method: 'get', path: '/labels', tag: 'labels', summary: 'api.op.labels', query: labelQuerySchema, produces: ['application/pdf', 'application/x-zpl'] },
  { method: 'get', path: '/scan/resolve', tag: 'labels', summary: 'api.op.resolve', query: resolveQuerySchema, queryExample: { code: 'FOL-00042-5' } },
  { method: 'post', path: '/scan/undo', tag: 'labels', summary: 'api.op.undo', body: undoInputSchema, example: { tag: 'FOL-00042-5', seq: 2 } },
  { method: 'post', path: '/stocktakes', tag: 'labels', summary: 'api.op.stocktake', body: stocktakeInputSchema, status: 201, example: { hub: 'FOL', note: 'Scaffale B' } },
  { method: 'post', path: '/stocktakes/{id}/scans', tag: 'labels', summary: 'api.op.stocktakeScan', params: { id }, body: stocktakeScanSchema, example: { code: 'FOL-00042-5' } },
  { method: 'get', path: '/stocktakes/{id}', tag: 'labels', summary: 'api.op.stocktakeReport', params: { id } },
  // Partners and redistribution
  {
    method: 'post',
    path: '/partners',
    tag: 'partners',
    summary: 'api.op.createPartner',
    body: partnerInputSchema,
    status: 201,
    example: {
      hub: 'FOL',
      kind: 'school',
      name: 'Istituto Comprensivo Foligno 3',
      code: 'PGIC81200X',
      municipality: 'Foligno',
      province: 'PG',
      contacts: [{ name: 'Maria Bianchi', role: 'Animatrice digitale', email: 'maria@example.org' }],
    },
  },
  { method: 'get', path: '/partners/{id}', tag: 'partners', summary: 'api.op.getPartner', params: { id } },
  { method: 'post', path: '/partners/{id}/decision', tag: 'partners', summary: 'api.op.partnerDecision', params: { id }, body: decisionSchema, example: { decision: 'approve' } },
  {
    method: 'post',
    path: '/partners/{id}/invitations',
    tag: 'partners',
    summary: 'api.op.invite',
    params: { id },
    body: inviteSchema,
    status: 201,
    example: { name: 'Sara Educatrice', email: 'sara@example.org' },
  },
  {
    method: 'post',
    path: '/requests',
    tag: 'partners',
    summary: 'api.op.createRequest',
    body: requestInputSchema,
    status: 201,
    replays: true,
    example: { partner: 1, items: [{ type: 'laptop', quantity: 5 }], purpose: 'Postazioni per il doposcuola', beneficiaries: { count: 30 }, minSpecs: { ramGb: 4 } },
  },
  { method: 'get', path: '/requests/{id}', tag: 'partners', summary: 'api.op.getRequest', params: { id } },
  {
    method: 'post',
    path: '/requests/{id}/decision',
    tag: 'partners',
    summary: 'api.op.requestDecision',
    params: { id },
    body: requestDecisionSchema,
    example: { decision: 'approve', note: 'Disponibili a marzo' },
  },
  { method: 'post', path: '/requests/{id}/reservations', tag: 'partners', summary: 'api.op.reserve', params: { id }, body: reservationSchema, example: { tags: ['FOL-00042-5'] } },
  {
    method: 'post',
    path: '/requests/{id}/deliveries',
    tag: 'partners',
    summary: 'api.op.deliver',
    params: { id },
    body: deliveryInputSchema,
    status: 201,
    replays: true,
    example: { tags: ['FOL-00042-5'], title: 'loan', loanUntil: '2027-06-30' },
  },
  { method: 'get', path: '/deliveries/{id}', tag: 'partners', summary: 'api.op.getDelivery', params: { id } },
  { method: 'post', path: '/deliveries/{id}/receipt', tag: 'partners', summary: 'api.op.receipt', params: { id }, body: receiptSchema, example: { all: true } },
  {
    method: 'post',
    path: '/deliveries/{id}/reports',
    tag: 'partners',
    summary: 'api.op.partnerReport',
    params: { id },
    body: reportSchema,
    status: 201,
    example: { tag: 'FOL-00042-5', kind: 'fault', description: 'La batteria non si carica' },
  },
  { method: 'post', path: '/deliveries/{id}/returns', tag: 'partners', summary: 'api.op.return', params: { id }, body: returnSchema, example: { tag: 'FOL-00042-5', reason: 'Fine del comodato' } },
  {
    method: 'post',
    path: '/transfers',
    tag: 'partners',
    summary: 'api.op.transfer',
    body: transferInputSchema,
    status: 201,
    example: { toHub: 'PER', tags: ['FOL-00042-5'], note: 'Per il laboratorio di Perugia' },
  },
  { method: 'get', path: '/transfers/{id}', tag: 'partners', summary: 'api.op.getTransfer', params: { id } },
  { method: 'post', path: '/transfers/{id}/arrivals', tag: 'partners', summary: 'api.op.arrivals', params: { id }, body: arrivalSchema, example: {} },
  // Bench: hardware, erasure, workshop
  {
    method: 'post',
    path: '/devices/{tag}/hardware-reports',
    tag: 'bench',
    summary: 'api.op.hardwareReport',
    params: { tag },
    body: hardwareReportSchema,
    status: 201,
    replays: true,
    example: { uuid: '7f3a9c21-5b4e-4c1d-9a7e-0c2b8f6d1e34', lscpu: 'Architecture: x86_64\nModel name: Intel(R) Core(TM) i5-4300U CPU @ 1.90GHz\n', probe: { version: '1.0', missing: [] } },
  },
  { method: 'get', path: '/devices/{tag}/hardware-reports', tag: 'bench', summary: 'api.op.hardwareReports', params: { tag } },
  { method: 'get', path: '/devices/{tag}/hardware-reports/{id}/raw', tag: 'bench', summary: 'api.op.hardwareRaw', params: { tag, id } },
  { method: 'post', path: '/devices/{tag}/hardware-reports/{id}/review', tag: 'bench', summary: 'api.op.hardwareReview', params: { tag, id }, body: reviewSchema, example: { decision: 'accept' } },
  { method: 'post', path: '/devices/{tag}/erasure-logs', tag: 'bench', summary: 'api.op.erasureLog', params: { tag }, bodyType: 'text/plain', status: 201, replays: true },
  { method: 'get', path: '/devices/{tag}/erasure-logs/{id}/raw', tag: 'bench', summary: 'api.op.erasureLogRaw', params: { tag, id }, produces: 'text/plain' },
  {
    method: 'post',
    path: '/devices/{tag}/erasures',
    tag: 'bench',
    summary: 'api.op.erasure',
    params: { tag },
    body: manualErasureSchema,
    status: 201,
    example: { kind: 'wipe', method: 'ATA Enhanced Secure Erase', tool: 'hdparm 9.65', verification: 'read back of sampled sectors, all zero', verified: true, disks: [{ serial: 'WD-WXC1A14S2591' }] },
  },
  {
    method: 'post',
    path: '/devices/{tag}/erasure-reviews',
    tag: 'bench',
    summary: 'api.op.erasureReview',
    params: { tag },
    body: erasureReviewSchema,
    example: { kind: 'withdraw', records: [1], reason: 'recorded on the wrong laptop' },
  },
  { method: 'get', path: '/erasures/pending', tag: 'bench', summary: 'api.op.erasuresPending' },
  { method: 'get', path: '/devices/{tag}/erasures', tag: 'bench', summary: 'api.op.erasures', params: { tag } },
  { method: 'get', path: '/devices/{tag}/erasure-certificate.pdf', tag: 'bench', summary: 'api.op.certificate', params: { tag }, produces: 'application/pdf' },
  { method: 'get', path: '/donations/{id}/erasure-certificate.pdf', tag: 'bench', summary: 'api.op.donationCertificate', params: { id }, produces: 'application/pdf' },
  { method: 'get', path: '/certificates/{code}', tag: 'bench', summary: 'api.op.verifyCertificate', params: { code: z.string().max(40) }, public: true },
  { method: 'get', path: '/checklists/{type}', tag: 'bench', summary: 'api.op.checklist', params: { type: z.enum(DEVICE_TYPES) }, query: hubQuery },
  {
    method: 'put',
    path: '/checklists/{type}',
    tag: 'bench',
    summary: 'api.op.editChecklist',
    params: { type: z.enum(DEVICE_TYPES) },
    query: hubQuery,
    body: checklistPut,
    example: { items: ['Si accende', 'Tastiera', 'Lettore DVD'] },
  },
  { method: 'get', path: '/os-images', tag: 'bench', summary: 'api.op.images' },
  {
    method: 'post',
    path: '/os-images',
    tag: 'bench',
    summary: 'api.op.createImage',
    body: imageSchema,
    status: 201,
    example: { name: 'Linux Mint Xfce', version: '22.1', notes: 'Immagine del laboratorio' },
  },
  { method: 'patch', path: '/os-images/{id}', tag: 'bench', summary: 'api.op.updateImage', params: { id }, body: imagePatchSchema, example: { outdated: true } },
  { method: 'get', path: '/parts', tag: 'bench', summary: 'api.op.parts', query: hubQuery },
  { method: 'post', path: '/devices/{tag}/parts', tag: 'bench', summary: 'api.op.fitPart', params: { tag }, body: fitPartSchema, status: 201, example: { part: 1, quantity: 1 } },
  { method: 'get', path: '/recycling', tag: 'bench', summary: 'api.op.recycling', query: hubQuery },
  {
    method: 'post',
    path: '/raee-shipments',
    tag: 'bench',
    summary: 'api.op.shipment',
    body: shipmentSchema,
    status: 201,
    example: { document: 'FIR 123/2026', date: '2026-03-09', tags: ['FOL-00042-5'] },
  },
  // The hub's own equipment
  {
    method: 'post',
    path: '/assets',
    tag: 'equipment',
    summary: 'api.op.createAsset',
    body: assetInputSchema,
    status: 201,
    replays: true,
    example: { hub: 'FOL', category: 'laptop', make: 'Lenovo', model: 'ThinkPad E14', serial: 'PF3XYZ12', purchasedOn: '2025-09-01', cost: 749.9, features: ['free_os', 'wifi'] },
  },
  { method: 'get', path: '/assets', tag: 'equipment', summary: 'api.op.assets', query: assetListSchema, queryExample: { category: 'laptop' } },
  { method: 'get', path: '/assets/register', tag: 'equipment', summary: 'api.op.register', query: registerQuerySchema, produces: ['text/csv', 'application/pdf'] },
  { method: 'get', path: '/assets/{tag}', tag: 'equipment', summary: 'api.op.getAsset', params: { tag } },
  {
    method: 'post',
    path: '/assets/{tag}/actions',
    tag: 'equipment',
    summary: 'api.op.assetAction',
    params: { tag },
    body: assetActionSchema,
    example: { action: 'lend', borrowerKind: 'visitor', borrowerName: 'A. Verdi', borrowerDocument: 'id_card', due: '2026-03-10T19:00' },
  },
  {
    method: 'post',
    path: '/assets/{tag}/maintenance',
    tag: 'equipment',
    summary: 'api.op.maintenance',
    params: { tag },
    body: maintenanceSchema,
    status: 201,
    example: { kind: 'check', on: '2026-03-09', note: 'Tutto in ordine' },
  },
  { method: 'get', path: '/loans', tag: 'equipment', summary: 'api.op.loans', query: loanListSchema },
  { method: 'get', path: '/kit', tag: 'equipment', summary: 'api.op.kit', query: kitQuerySchema },
  // Figures and reports
  { method: 'get', path: '/figures', tag: 'figures', summary: 'api.op.figures', query: figureQuerySchema, queryExample: { period: '2026-Q1' } },
  { method: 'get', path: '/figures/hubs/{code}', tag: 'figures', summary: 'api.op.hubFigures', params: { code: hubCodeSchema }, query: figureQuerySchema },
  { method: 'get', path: '/reports', tag: 'figures', summary: 'api.op.reports' },
  { method: 'post', path: '/reports', tag: 'figures', summary: 'api.op.submitReport', body: submitReportSchema, status: 201, example: { hub: 'FOL', quarter: '2025-Q4', note: 'Trimestre regolare' } },
  { method: 'get', path: '/reports/{id}', tag: 'figures', summary: 'api.op.getReport', params: { id } },
  // Administration: the audit log, erasing a person (a person's session only, never a token)
  { method: 'get', path: '/audit', tag: 'admin', summary: 'api.op.audit', query: auditQuerySchema, queryExample: { action: 'user.create' } },
  { method: 'post', path: '/privacy/erasures', tag: 'admin', summary: 'api.op.erasePerson', body: erasureSchema },
  // The legal identity that documents print: the programme's (administrators) and each hub's (its coordinators)
  { method: 'get', path: '/programme', tag: 'admin', summary: 'api.op.getProgramme' },
  {
    method: 'put',
    path: '/programme',
    tag: 'admin',
    summary: 'api.op.putProgramme',
    body: programmeSchema,
    example: {
      name: 'DigiPASS Umbria',
      bodyName: 'Ente capofila DigiPASS',
      taxCode: '94000120546',
      address: 'Piazza della Repubblica 1, 06034 Foligno (PG)',
      pec: 'digipass@pec.example.org',
      legalRepresentative: 'Mario Bianchi',
      privacyController: 'Ente capofila DigiPASS',
      privacyContact: 'dpo@example.org',
      court: 'Perugia',
    },
  },
  { method: 'get', path: '/hubs/{code}/identity', tag: 'admin', summary: 'api.op.getHubIdentity', params: { code: hubCodeSchema } },
  {
    method: 'put',
    path: '/hubs/{code}/identity',
    tag: 'admin',
    summary: 'api.op.putHubIdentity',
    params: { code: hubCodeSchema },
    body: hubIdentitySchema,
    example: {
      address: 'Via Garibaldi 12, 06034 Foligno (PG)',
      email: 'digipass.foligno@example.org',
      phone: '+39 0742 000000',
      openingHours: 'lun–ven 9–13, mar e gio 15–18',
      responsible: 'Maria Rossi',
    },
  },
  // The contract itself
  { method: 'get', path: '/openapi.json', tag: 'meta', summary: 'api.op.openapi', public: true },
];

export const TAGS = ['devices', 'labels', 'partners', 'bench', 'equipment', 'figures', 'admin', 'meta'] as const;
