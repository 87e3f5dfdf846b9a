// Every feature's part in device actions, registered before the first request (devices/plugins.ts).
import './devices/plugins';
import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { auditApi, auditRoutes } from './audit/routes';
import { authRoutes } from './auth/routes';
import type { AppContext } from './context';
import { deliveryApi } from './deliveries/api';
import { deliveryRoutes } from './deliveries/routes';
import { deviceApi } from './devices/api';
import { deviceRoutes } from './devices/routes';
import { donationApi } from './donations/api';
import { donationRoutes } from './donations/routes';
import { equipmentApi } from './equipment/api';
import { equipmentRoutes } from './equipment/routes';
import { exportRoutes } from './exports/routes';
import { figureApi } from './figures/api';
import { figureRoutes } from './figures/routes';
import { openDataRoutes } from './opendata/routes';
import { openApi } from './openapi/api';
import { openApiRoutes } from './openapi/routes';
import { pwaRoutes } from './pwa/routes';
import { reportApi } from './reports/api';
import { reportRoutes } from './reports/routes';
import { erasureApi } from './erasure/api';
import { erasureRoutes } from './erasure/routes';
import { hardwareApi } from './hardware/api';
import { hardwareRoutes } from './hardware/routes';
import { workshopApi } from './workshop/api';
import { workshopRoutes } from './workshop/routes';
import { homeRoutes } from './home/routes';
import { importApi } from './imports/api';
import { importRoutes } from './imports/routes';
import { labelApi } from './labels/api';
import { labelRoutes } from './labels/routes';
import { Assets } from './http/assets';
import type { AppEnv } from './http/env';
import { formFieldLimit } from './http/body';
import { handleError } from './http/errors';
import { csrfProtection, requestContext } from './http/middleware';
import { answerHead } from './http/answer-head';
import { useAssets } from './http/render';
import { registerScanAssets } from './scan/assets';
import { scanApi } from './scan/api';
import { scanRoutes } from './scan/routes';
import { partnerApi } from './partners/api';
import { inboxRoutes } from './inbox/routes';
import { partnerRoutes } from './partners/routes';
import { portalRoutes } from './portal/routes';
import { privacyApi, privacyRoutes } from './privacy/routes';
import { programmeApi, programmeRoutes } from './programme/routes';
import { requestApi } from './requests/api';
import { requestRoutes } from './requests/routes';
import { AppError } from './shared/errors';
import { transferApi } from './transfers/api';
import { tokenRoutes } from './tokens/routes';
import { transferRoutes } from './transfers/routes';
import { userRoutes } from './users/routes';

export const MAX_BODY_BYTES = 2 * 1024 * 1024;
/** A spreadsheet to import: 10 MB of file and its multipart envelope. */
export const MAX_UPLOAD_BYTES = 10 * 1024 * 1024 + 64 * 1024;

/** The whole application for one context (database, configuration, clock): the server and every test build it the same way. */
export function createApp(ctx: AppContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const assets = new Assets();
  registerScanAssets(assets);
  useAssets(assets);

  // Outermost: every answer carries the security headers, its cookies and no-store when personal, an
  // error's and a redirect's too (http/answer-head.ts).
  app.use(answerHead());
  app.use(requestContext(ctx));
  const limit = (maxSize: number, max: string) =>
    bodyLimit({
      maxSize,
      onError: () => {
        throw new AppError(413, 'http.tooLarge', { max });
      },
    });
  const bodyLimits = { default: limit(MAX_BODY_BYTES, '2 MB'), upload: limit(MAX_UPLOAD_BYTES, '10 MB') };
  // A spreadsheet upload may be larger than any form or JSON body. A GET or HEAD carries none: asking
  // for its body would build a full Request object on every page for nothing.
  app.use((c, next) => (c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : (c.req.method === 'POST' && c.req.path === '/imports' ? bodyLimits.upload : bodyLimits.default)(c, next)));
  // Before the CSRF check, which is the first to parse a form.
  app.use(formFieldLimit());
  app.use(csrfProtection());
  assets.mount(app);

  app.route('/', homeRoutes);
  app.route('/', authRoutes);
  app.route('/', deviceRoutes);
  // After the devices: a label's /d/<TAG> that names no device but one of the hub's own assets opens the asset.
  app.route('/', equipmentRoutes);
  app.route('/', donationRoutes);
  app.route('/', userRoutes);
  app.route('/', programmeRoutes);
  app.route('/', partnerRoutes);
  app.route('/', inboxRoutes);
  app.route('/', requestRoutes);
  app.route('/', deliveryRoutes);
  app.route('/', transferRoutes);
  app.route('/', portalRoutes);
  app.route('/', labelRoutes);
  app.route('/', scanRoutes);
  app.route('/', hardwareRoutes);
  app.route('/', erasureRoutes);
  app.route('/', workshopRoutes);
  app.route('/', figureRoutes);
  app.route('/', reportRoutes);
  app.route('/', openDataRoutes);
  app.route('/', importRoutes);
  app.route('/', exportRoutes);
  app.route('/', tokenRoutes);
  app.route('/', openApiRoutes);
  app.route('/', pwaRoutes);

  app.route('/', auditRoutes);
  app.route('/', privacyRoutes);

  const api = new Hono<AppEnv>();
  api.route('/', deviceApi);
  api.route('/', donationApi);
  api.route('/', partnerApi);
  api.route('/', requestApi);
  api.route('/', deliveryApi);
  api.route('/', transferApi);
  api.route('/', labelApi);
  api.route('/', scanApi);
  api.route('/', hardwareApi);
  api.route('/', erasureApi);
  api.route('/', workshopApi);
  api.route('/', equipmentApi);
  api.route('/', figureApi);
  api.route('/', reportApi);
  api.route('/', importApi);
  api.route('/', openApi);
  api.route('/', auditApi);
  api.route('/', privacyApi);
  api.route('/', programmeApi);
  app.route('/api/v1', api);

  app.notFound(() => {
    throw new AppError(404, 'http.notFound');
  });
  app.onError(handleError);
  return app;
}
