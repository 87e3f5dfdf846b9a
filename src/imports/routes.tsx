import { Hono, type Context } from 'hono';
import { ImportListPage, ImportMappingPage, ImportProgressPage, SHOWN_PROBLEMS } from '../../views/imports/pages';
import { can, type Actor } from '../access/policy';
import { spansAllHubs } from '../access/scopes';
import { listHubs } from '../hubs/public';
import { readForm } from '../http/body';
import type { AppEnv } from '../http/env';
import { formFailure } from '../http/form-failure';
import { requireActor } from '../http/middleware';
import { renderPage } from '../http/render';
import { toCsv } from '../shared/csv';
import { AppError } from '../shared/errors';
import { parseInput } from '../shared/validate';
import type { DryRun } from './service';
import * as imports from './service';
import { confirmSchema, importIdSchema, mappingInputSchema, uploadInputSchema } from './schema';

export const importRoutes = new Hono<AppEnv>();

function coordinatorOnly(c: Context<AppEnv>): Actor {
  const actor = requireActor(c);
  if (!can(actor, 'donation.create')) throw new AppError(403, 'access.denied');
  return actor;
}

async function listPage(c: Context<AppEnv>, extra: { status?: number; error?: string; issues?: { path: string; message: string }[] } = {}) {
  const actor = coordinatorOnly(c);
  const [list, hubs] = await Promise.all([imports.listImports(c.get('ctx'), actor), spansAllHubs(actor, 'donation.create') ? listHubs(c.get('ctx').db) : Promise.resolve(null)]);
  return renderPage(c, c.get('t')('imports.title'), (v) => <ImportListPage v={v} hubs={hubs} imports={list} error={extra.error} issues={extra.issues} />, { status: extra.status ?? 200 });
}

importRoutes.get('/imports', (c) => listPage(c));

importRoutes.post('/imports', async (c) => {
  const actor = coordinatorOnly(c);
  const raw = await readForm(c);
  try {
    const input = parseInput(uploadInputSchema, raw, c.get('locale'));
    const bytes = new Uint8Array(await input.file.arrayBuffer());
    const id = await imports.createImport(c.get('ctx'), actor, { hub: input.hub, fileName: input.file.name, bytes });
    return c.redirect(`/imports/${id}`, 303);
  } catch (e) {
    return listPage(c, formFailure(e, c.get('t')));
  }
});

async function importPage(c: Context<AppEnv>, id: number, extra: { dry?: DryRun; status?: number; error?: string; issues?: { path: string; message: string }[] } = {}) {
  const actor = coordinatorOnly(c);
  const imp = await imports.loadImport(c.get('ctx'), actor, id);
  const title = c.get('t')('imports.mapping.title', { id, file: imp.file_name });
  if (imp.status === 'mapping' || imp.status === 'checked') {
    const settings = imports.settingsOf(imp);
    const samples = await imports.sampleRows(c.get('ctx'), imp);
    // A checked import shows its dry run again (reading the rows costs little next to writing them).
    const dry = extra.dry ?? (imp.status === 'checked' && !extra.error && !extra.issues ? await imports.dryRun(c.get('ctx'), imp, settings.mapping, settings.defaults) : undefined);
    return renderPage(
      c,
      title,
      (v) => (
        <ImportMappingPage
          v={v}
          id={id}
          file={imp.file_name}
          totalRows={imp.total_rows}
          header={settings.header}
          mapping={settings.mapping}
          defaults={settings.defaults}
          samples={samples}
          dry={dry}
          error={extra.error}
          issues={extra.issues}
        />
      ),
      { status: extra.status ?? 200, wide: true },
    );
  }
  const progress = imports.progressOf(c.get('ctx'), imp);
  const [donations, skipped] = await Promise.all([imports.importDonations(c.get('ctx'), imp), imports.skippedRows(c.get('ctx'), imp, SHOWN_PROBLEMS)]);
  return renderPage(c, title, (v) => <ImportProgressPage v={v} progress={progress} donations={donations} skipped={skipped} error={extra.error} />, {
    status: extra.status ?? 200,
    wide: true,
  });
}

importRoutes.get('/imports/:id', (c) => importPage(c, parseInput(importIdSchema, c.req.param('id'), c.get('locale'))));

importRoutes.post('/imports/:id/mapping', async (c) => {
  const actor = coordinatorOnly(c);
  const id = parseInput(importIdSchema, c.req.param('id'), c.get('locale'));
  await imports.loadImport(c.get('ctx'), actor, id);
  const raw = await readForm(c);
  try {
    const dry = await imports.saveMapping(c.get('ctx'), actor, id, parseInput(mappingInputSchema, raw, c.get('locale')), c.get('locale'));
    return importPage(c, id, { dry });
  } catch (e) {
    return importPage(c, id, formFailure(e, c.get('t')));
  }
});

importRoutes.post('/imports/:id/start', async (c) => {
  const actor = coordinatorOnly(c);
  const id = parseInput(importIdSchema, c.req.param('id'), c.get('locale'));
  await imports.loadImport(c.get('ctx'), actor, id);
  const raw = await readForm(c);
  try {
    parseInput(confirmSchema, raw, c.get('locale'));
    await imports.startImport(c.get('ctx'), actor, id, { locale: c.get('locale') });
    return c.redirect(`/imports/${id}`, 303);
  } catch (e) {
    return importPage(c, id, formFailure(e, c.get('t')));
  }
});

/** A CSV of rows and their problems, in the viewer's language: the dry run's, or the run's skipped rows. */
function problemsCsv(c: Context<AppEnv>, name: string, rows: { row: number; problems: { it: string; en: string }[] }[]) {
  const csv = toCsv(
    [c.get('t')('imports.row'), c.get('t')('imports.problems')],
    rows.map((r) => [r.row, r.problems.map((p) => (c.get('locale') === 'en' ? p.en : p.it)).join('; ')]),
  );
  return c.body('\uFEFF' + csv, 200, { 'Content-Type': 'text/csv; charset=utf-8', 'Content-Disposition': `attachment; filename="${name}"`, 'Cache-Control': 'private, no-store' });
}

importRoutes.get('/imports/:id/problems.csv', async (c) => {
  const actor = coordinatorOnly(c);
  const id = parseInput(importIdSchema, c.req.param('id'), c.get('locale'));
  const imp = await imports.loadImport(c.get('ctx'), actor, id);
  const { mapping, defaults } = imports.settingsOf(imp);
  const dry = await imports.dryRun(c.get('ctx'), imp, mapping, defaults);
  return problemsCsv(c, `import-${id}-problems.csv`, dry.problems);
});

importRoutes.get('/imports/:id/skipped.csv', async (c) => {
  const actor = coordinatorOnly(c);
  const id = parseInput(importIdSchema, c.req.param('id'), c.get('locale'));
  const imp = await imports.loadImport(c.get('ctx'), actor, id);
  return problemsCsv(c, `import-${id}-skipped.csv`, await imports.skippedRows(c.get('ctx'), imp, imports.MAX_IMPORT_ROWS));
});
