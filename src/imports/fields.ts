/**
 * What a spreadsheet's columns mean: the fields a column can fill, the headers recognised for each
 * (Italian, English, and Snipe-IT's hardware export), and how one row becomes a donated device.
 * Pure: no database, so the dry run and the background run read a row the same way.
 */
import type { z } from 'zod';
import { DEVICE_TYPES, type DeviceType } from '../devices/device-types';
import { donatedDeviceSchema, donorSchema } from '../donations/schema';
import { DONOR_KINDS, type DonorKind } from '../donations/tables';
import { hasKey, translate, type Locale, type MessageKey, type Params } from '../i18n/catalogue';
import { ValidationError } from '../shared/errors';
import type { Cell } from '../shared/spreadsheet';
import { parseInput } from '../shared/validate';

export const IMPORT_FIELDS = [
  'type',
  'brand',
  'model',
  'modelNumber',
  'serial',
  'weightKg',
  'hasStorage',
  'conditionNote',
  'quantity',
  'tag',
  'note',
  'donorName',
  'donorKind',
  'donorTaxCode',
  'receivedAt',
] as const;
export type ImportField = (typeof IMPORT_FIELDS)[number];
/** Column index → field; null leaves the column out. */
export type Mapping = (ImportField | null)[];

/** Lower case, no accents, letters and digits only: "Nº di serie" and "numero_di_serie" meet. */
export function normalise(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/º|°/g, 'o')
    .replace(/[^a-z0-9]/g, '');
}

/**
 * Headers recognised for each field. Snipe-IT's hardware export names its columns "Asset Tag",
 * "Name", "Serial", "Model", "Model No.", "Manufacturer", "Category", "Status", "Location", "Notes";
 * its importer's "Item Name", "Serial Number", "Model Name", "Model Number" are here too.
 */
const HEADERS: Record<ImportField, string[]> = {
  type: ['tipo', 'tipologia', 'categoria', 'category', 'type', 'devicetype', 'tipodispositivo', 'tipodidispositivo', 'assettype', 'classe'],
  brand: ['marca', 'produttore', 'manufacturer', 'brand', 'make', 'costruttore', 'vendor', 'fabbricante'],
  model: ['modello', 'model', 'modelname', 'nomemodello'],
  modelNumber: ['modelno', 'modelnumber', 'numeromodello', 'codicemodello', 'partnumber', 'codiceprodotto', 'mtm'],
  serial: ['seriale', 'numerodiserie', 'numeroserie', 'ndiserie', 'nserie', 'ndserie', 'matricola', 'serial', 'serialnumber', 'serialno', 'sn', 'servicetag'],
  weightKg: ['peso', 'pesokg', 'weight', 'weightkg', 'kg', 'pesoinkg'],
  hasStorage: ['disco', 'hadisco', 'conDisco', 'storage', 'hasstorage', 'memoriadimassa', 'hdd', 'ssd', 'disk', 'harddisk', 'discorigido'].map(normalise),
  conditionNote: ['note', 'notes', 'condizioni', 'condizione', 'condition', 'statofisico', 'osservazioni', 'commenti', 'comments', 'comment', 'descrizione', 'description'],
  quantity: ['quantita', 'qty', 'quantity', 'qta', 'pezzi', 'numeropezzi', 'npezzi'],
  tag: ['etichetta', 'etichettaprestampata', 'tagrigenera', 'rigeneratag', 'etichettarigenera', 'codicerigenera'],
  note: [
    'assettag',
    'inventario',
    'numeroinventario',
    'ninventario',
    'cespite',
    'numerocespite',
    'codiceinventario',
    'name',
    'nome',
    'assetname',
    'itemname',
    'nomedispositivo',
    'hostname',
    'status',
    'stato',
    'statuslabel',
    'location',
    'posizione',
    'ubicazione',
    'sede',
    'defaultlocation',
  ],
  donorName: ['donatore', 'donor', 'donorname', 'nomedonatore', 'donatoda', 'donatada'],
  donorKind: ['tipodonatore', 'donorkind', 'donortype', 'tipologiadonatore'],
  donorTaxCode: ['codicefiscale', 'cf', 'partitaiva', 'piva', 'taxcode', 'vat', 'vatnumber', 'codicefiscaledonatore', 'cfpiva'],
  receivedAt: [
    'dataricezione',
    'ricevuto',
    'ricevutoil',
    'received',
    'receivedat',
    'receivedon',
    'dataarrivo',
    'datadonazione',
    'dataingresso',
    'intakedate',
    'donationdate',
    'datadiricevimento',
    'dataricevimento',
  ],
};

const BY_HEADER = new Map<string, ImportField>();
for (const f of IMPORT_FIELDS) for (const h of HEADERS[f]) BY_HEADER.set(h, f);

/**
 * The mapping guessed from the header row. Columns nobody should import stay out: a Snipe-IT export's
 * "Checked Out To" names a person, and purchase costs, suppliers and warranties are not the programme's.
 */
export function guessMapping(header: readonly Cell[]): Mapping {
  const taken = new Set<ImportField>();
  return header.map((h) => {
    const field = typeof h === 'string' ? BY_HEADER.get(normalise(h)) : undefined;
    if (!field) return null;
    if (field !== 'note' && taken.has(field)) return null;
    taken.add(field);
    return field;
  });
}

const TYPE_WORDS: Record<DeviceType, string[]> = {
  laptop: ['laptop', 'laptops', 'notebook', 'notebooks', 'portatile', 'portatili', 'netbook', 'ultrabook', 'computerportatile', 'pcportatile', 'chromebook'],
  desktop: ['desktop', 'desktops', 'pc', 'fisso', 'pcfisso', 'computer', 'computers', 'computerfisso', 'workstation', 'workstations', 'tower', 'minipc'],
  all_in_one: ['allinone', 'allinones', 'aio'],
  monitor: ['monitor', 'monitors', 'schermo', 'schermi', 'display', 'displays', 'lcd'],
  tablet: ['tablet', 'tablets', 'ipad'],
  smartphone: ['smartphone', 'smartphones', 'telefono', 'telefoni', 'cellulare', 'cellulari', 'mobilephone', 'mobilephones', 'phone', 'phones', 'iphone'],
  printer: ['printer', 'printers', 'stampante', 'stampanti', 'multifunzione', 'mfp'],
  peripheral: ['peripheral', 'peripherals', 'periferica', 'periferiche', 'tastiera', 'tastiere', 'keyboard', 'keyboards', 'mouse', 'mice', 'accessori', 'accessories'],
  other: ['other', 'others', 'altro', 'altri'],
};
const TYPE_BY_WORD = new Map<string, DeviceType>();
for (const t of DEVICE_TYPES) {
  TYPE_BY_WORD.set(normalise(t), t);
  for (const locale of ['it', 'en'] as const) TYPE_BY_WORD.set(normalise(translate(locale, `deviceType.${t}` as MessageKey)), t);
  for (const w of TYPE_WORDS[t]) TYPE_BY_WORD.set(w, t);
}

const DONOR_WORDS: Record<DonorKind, string[]> = {
  company: ['company', 'azienda', 'impresa', 'ditta', 'societa', 'srl', 'spa', 'business'],
  citizen: ['citizen', 'cittadino', 'privato', 'privatocittadino', 'private', 'persona', 'person'],
  public_body: ['publicbody', 'ente', 'entepubblico', 'comune', 'pa', 'pubblicaamministrazione', 'public'],
  school: ['school', 'scuola', 'istituto', 'istitutoscolastico'],
  association: ['association', 'associazione', 'onlus', 'ets', 'odv', 'aps', 'cooperativa'],
};
const DONOR_BY_WORD = new Map<string, DonorKind>();
for (const k of DONOR_KINDS) {
  DONOR_BY_WORD.set(normalise(k), k);
  for (const locale of ['it', 'en'] as const) DONOR_BY_WORD.set(normalise(translate(locale, `donorKind.${k}` as MessageKey)), k);
  for (const w of DONOR_WORDS[k]) DONOR_BY_WORD.set(w, k);
}

export function deviceTypeOf(value: string): DeviceType | undefined {
  return TYPE_BY_WORD.get(normalise(value));
}

/** The form's choices that apply to every row: the donor (when no column names one), the day, a type for unknown categories. */
export type ImportDefaults = {
  donorKind?: DonorKind;
  donorName?: string;
  donorTaxCode?: string;
  receivedAt?: string;
  typeFallback?: DeviceType;
};

/** A problem with one row, named by its column and worded in both languages (it is stored for the summary). */
export type RowProblem = { it: string; en: string };

export type RowReading =
  | {
      ok: true;
      device: ReturnType<typeof donatedDeviceSchema.parse>;
      donor: { kind: DonorKind; name: string; taxCode?: string };
      /** YYYY-MM-DD, or undefined for today. */
      receivedAt?: string;
      groupKey: string;
    }
  | { ok: false; problems: RowProblem[] };

const text = (c: Cell | undefined): string | undefined => {
  if (c === null || c === undefined) return undefined;
  const s = String(c).trim();
  return s === '' ? undefined : s;
};

/** A column: the file's own header, or (when no column is mapped) the field's name in each language. */
type Column = string | MessageKey;
function both(column: Column, key: MessageKey, params?: Params): RowProblem {
  // A header from the file could look like a key ("field.type"): only keys passed in by this module are translated.
  const name = (l: Locale) => (FIELD_KEYS.has(column) ? translate(l, column as MessageKey) : column);
  return { it: `${name('it')}: ${translate('it', key, params)}`, en: `${name('en')}: ${translate('en', key, params)}` };
}
const FIELD_KEYS = new Set<string>(['field.type', 'donations.donor', 'field.receivedAt'].filter(hasKey));

/** A day as spreadsheets write it: 2026-03-10, 10/03/2026, 10.03.2026, 10-3-26. */
export function parseDay(value: string): string | undefined {
  let m = /^(\d{4})-(\d{2})-(\d{2})(?:[T ].*)?$/.exec(value);
  let y: number, mo: number, d: number;
  if (m) [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else {
    m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})$/.exec(value);
    if (!m) return undefined;
    [d, mo, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (y < 100) y += 2000;
  }
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  return date.toISOString().slice(0, 10);
}

/** "sì", "x", "SSD 256 GB" mean it holds storage; "no", "0", "nessuno" that it does not. */
function storageOf(value: string): boolean | undefined | 'bad' {
  const n = normalise(value);
  if (['si', 'yes', 'y', 'true', '1', 'x', 'vero'].includes(n)) return true;
  if (['no', 'n', 'false', '0', 'nessuno', 'none', 'falso', 'senza'].includes(n)) return false;
  if (['nonso', 'unknown', 'nd', 'na', ''].includes(n)) return undefined;
  if (/\d|ssd|hdd|nvme|emmc|sata/.test(n)) return true;
  return 'bad';
}

/** Weight as typed: 2,5 · 2.5 · "2,5 kg" · a number cell. */
function numberOf(value: string | number): string | number {
  if (typeof value === 'number') return value;
  // Not /\s*kg$/: from every blank of a long run it would scan to the run's end again (quadratic).
  const v = value.trim();
  return v.slice(-2).toLowerCase() === 'kg' ? v.slice(0, -2).trim() : v;
}

/**
 * Reads one data row with a mapping: the device it describes (validated by the same schema as the
 * intake form), its donor and day, or every problem found, each worded in Italian and English.
 */
export function readRow(cells: readonly Cell[], header: readonly Cell[], mapping: Mapping, defaults: ImportDefaults, today: string): RowReading {
  const problems: RowProblem[] = [];
  const columnOf = (f: ImportField) => {
    const i = mapping.indexOf(f);
    return i >= 0 ? String(header[i] ?? `#${i + 1}`) : '';
  };
  const value = (f: ImportField) => {
    const i = mapping.indexOf(f);
    return i >= 0 ? cells[i] : undefined;
  };

  // Columns kept as notes ("Asset Tag: A-0042 · Status: Ready to Deploy"), after the condition note itself.
  const notes: string[] = [];
  const condition = text(value('conditionNote'));
  if (condition) notes.push(condition);
  mapping.forEach((f, i) => {
    const v = text(cells[i]);
    if (f === 'note' && v) notes.push(`${String(header[i] ?? `#${i + 1}`)}: ${v}`);
  });

  let type: DeviceType | undefined;
  const rawType = text(value('type'));
  if (rawType) {
    type = deviceTypeOf(rawType);
    if (!type && defaults.typeFallback) {
      type = defaults.typeFallback;
      notes.push(`${columnOf('type')}: ${rawType}`);
    }
    if (!type) problems.push(both(columnOf('type'), 'imports.problem.unknownType', { value: rawType }));
  } else if (defaults.typeFallback) type = defaults.typeFallback;
  else problems.push(both(columnOf('type') || 'field.type', 'imports.problem.noType'));

  let hasStorage: boolean | undefined;
  const rawStorage = text(value('hasStorage'));
  if (rawStorage !== undefined) {
    const s = storageOf(rawStorage);
    if (s === 'bad') problems.push(both(columnOf('hasStorage'), 'imports.problem.storage', { value: rawStorage }));
    else hasStorage = s;
  }

  const model = [text(value('model')), text(value('modelNumber'))].filter(Boolean);
  const rawWeight = value('weightKg');
  const rawQuantity = value('quantity');
  const candidate: Record<string, unknown> = {
    type: type ?? 'other',
    brand: text(value('brand')),
    model: model.length === 2 ? `${model[0]} (${model[1]})` : model[0],
    serial: text(value('serial')),
    weightKg: rawWeight === null || rawWeight === undefined || rawWeight === '' ? undefined : numberOf(rawWeight as string | number),
    conditionNote: notes.length ? notes.join(' · ').slice(0, 1000) : undefined,
    quantity: rawQuantity === null || rawQuantity === undefined || rawQuantity === '' ? undefined : typeof rawQuantity === 'number' ? rawQuantity : String(rawQuantity).trim(),
    tag: text(value('tag')),
    hasStorage,
  };
  for (const k of Object.keys(candidate)) if (candidate[k] === undefined) delete candidate[k];
  const device = validate(donatedDeviceSchema, candidate, problems);

  // The donor: the row's own, else the form's.
  const rowDonor = text(value('donorName'));
  const rawKind = text(value('donorKind'));
  let kind: DonorKind | undefined = defaults.donorKind;
  if (rawKind) {
    kind = DONOR_BY_WORD.get(normalise(rawKind));
    if (!kind) problems.push(both(columnOf('donorKind'), 'imports.problem.donorKind', { value: rawKind }));
  }
  const donorInput = rowDonor
    ? { kind: kind ?? defaults.donorKind, name: rowDonor, taxCode: text(value('donorTaxCode')) }
    : { kind: defaults.donorKind, name: defaults.donorName, taxCode: defaults.donorTaxCode };
  let donor: { kind: DonorKind; name: string; taxCode?: string } | undefined;
  if (!donorInput.name) problems.push(both(columnOf('donorName') || 'donations.donor', 'imports.problem.noDonor'));
  else if (!donorInput.kind) problems.push(both(columnOf('donorKind') || 'donations.donor', 'imports.problem.noDonorKind'));
  else {
    const d = validate(rowDonorSchema, donorInput, problems);
    if (d) donor = { kind: d.kind, name: d.name, ...(d.taxCode ? { taxCode: d.taxCode } : {}) };
  }

  let receivedAt = defaults.receivedAt;
  const rawDay = value('receivedAt');
  if (rawDay !== null && rawDay !== undefined && rawDay !== '') {
    const day = parseDay(String(rawDay).trim());
    if (!day) problems.push(both(columnOf('receivedAt'), 'imports.problem.date', { value: String(rawDay) }));
    else receivedAt = day;
  }
  if (receivedAt && receivedAt > today) problems.push(both(columnOf('receivedAt') || 'field.receivedAt', 'donations.futureDate'));

  if (problems.length || !device || !donor) return { ok: false, problems };
  const day = receivedAt && receivedAt < today ? receivedAt : undefined;
  return {
    ok: true,
    device,
    donor,
    receivedAt: day,
    groupKey: JSON.stringify([donor.kind, donor.taxCode ?? normalise(donor.name), day ?? 'today']),
  };
}

/** The donor's fields an import can carry (built once: making a zod schema costs more than using it). */
const rowDonorSchema = donorSchema.pick({ kind: true, name: true, taxCode: true });

/** The same schema as the intake form; its complaints in both languages. */
function validate<S extends z.ZodType>(schema: S, input: unknown, problems: RowProblem[]): z.output<S> | undefined {
  try {
    return parseInput(schema, input, 'it');
  } catch (e) {
    if (!(e instanceof ValidationError)) throw e;
    const en = (() => {
      try {
        parseInput(schema, input, 'en' as Locale);
        return [];
      } catch (e2) {
        return e2 instanceof ValidationError ? e2.issues : [];
      }
    })();
    const line = (i: { path: string; message: string }) => (i.path ? `${i.path}: ${i.message}` : i.message);
    e.issues.forEach((issue, i) => problems.push({ it: line(issue), en: en[i] ? line(en[i]) : line(issue) }));
    return undefined;
  }
}
