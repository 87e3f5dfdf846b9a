// The floor for a public passport: the least a Hono server on @hono/node-server can do to answer one
// honestly, for `npm run bench:floor`. It runs the passport's four statements (as
// `QUERIES_SQL=1 npm run queries:page` prints them) in one read transaction on the same database, writes
// an escaped Italian page of the same shape from a shell made once, and sends the same security headers
// and a fresh CSRF cookie in one header object.
//
// It does less than the app on purpose: no session or language check, no middleware, no other routes,
// only the passport's common lines. What it costs is a lower bound for the app's passport.
import { randomBytes } from 'node:crypto';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { day, db, escape, inOneSnapshot, SECURITY, TYPES } from './floor-common.mjs';

const device = db.prepare(
  `select "devices".*, "hubs"."code" as "hub_code", "hubs"."name" as "hub_name", "hubs"."contact_email", "hubs"."contact_phone", "hubs"."address", "hubs"."comune", "hubs"."opening_hours", "device_specs"."device_id" as "specs_device_id", "device_specs"."specs" as "specs_json", "device_specs"."updated_at" as "specs_updated_at", "device_specs"."cpu_model", "device_specs"."ram_mb", "device_specs"."storage_gb", "device_specs"."has_ssd", "device_specs"."screen_inches", "erasures"."method" as "erasure_method", "erasures"."at" as "erasure_at", (select "device_events"."at" from "device_events" where "device_events"."device_id" = "devices"."id" and "device_events"."action" in (?, ?) order by "device_events"."seq" desc limit 1) as "refurbished_at" from "devices" inner join "hubs" on "hubs"."id" = "devices"."hub_id" left join "device_specs" on "device_specs"."device_id" = "devices"."id" left join "erasures" on "erasures"."id" = (select max("e"."id") as "id" from "erasures" as "e" where "e"."device_id" = "devices"."id" and "e"."cycle" = "devices"."cycle" and "e"."outcome" in (?, ?, ?) and "e"."standing" = ?) where "devices"."tag" = ?`,
);
const erasures = db.prepare(`select "outcome", "cycle", "disk_serial", "event_id", "source", "standing" from "erasures" where "device_id" = ? order by "id" asc`).raw(true);
const undone = db.prepare(`select "event_id" from "undone_events" where "device_id" = ?`).raw(true);
const disks = db
  .prepare(
    `select "parts"."id", "parts"."serial", "part_moves"."at", "part_moves"."event_id" from "part_moves" inner join "parts" on "parts"."id" = "part_moves"."part_id" where "part_moves"."device_id" = ? and "parts"."kind" = ?`,
  )
  .raw(true);

const date = day;
const SHELL =
  '<!doctype html><html lang="it"><head><meta charset="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/><meta name="color-scheme" content="light"/><meta name="theme-color" content="#0b5d1e"/><link rel="manifest" href="/manifest.webmanifest"/><link rel="icon" type="image/png" sizes="192x192" href="/assets/icon-192.png"/><link rel="apple-touch-icon" href="/assets/apple-touch-icon.png"/><title>Scheda del dispositivo · Rigenera</title><link rel="stylesheet" href="/assets/app.css"/><script src="/assets/app.js" defer=""></script></head><body><a class="skip" href="#main">Vai al contenuto</a><header class="top"><a class="brand" href="/">Rigenera</a><nav aria-label="Menu principale"><ul></ul></nav><div class="top-tools"><form method="post" action="/lang" class="inline"><input type="hidden" name="_csrf" value="';
const FOOT = '</article></main><footer class="foot"><p>Rigenera · ricondizionamento e riuso di dispositivi digitali nei punti di facilitazione digitale</p></footer></body></html>';

const app = new Hono();
app.get('/healthz', (c) => c.text('ok'));
app.get('/d/:tag', (c) => {
  const tag = c.req.param('tag');
  const read = inOneSnapshot(() => {
    const d = device.get('install', 'ready', 'erased', 'destroyed', 'removed', 'counts', tag);
    if (!d) return undefined;
    const records = erasures.all(d.id);
    const undoneEvents = undone.all(d.id);
    disks.all(d.id, 'disk');
    return { d, records, undoneEvents };
  });
  if (!read) return c.text('not found', 404);
  const { d, records, undoneEvents } = read;
  const erased = d.erasure_at !== null && undoneEvents.length === 0 && records.some((r) => r[1] === d.cycle && r[5] === 'counts');
  const csrf = randomBytes(24).toString('base64url');
  const html =
    SHELL +
    csrf +
    `"/><input type="hidden" name="locale" value="en"/><input type="hidden" name="back" value="/d/${escape(tag)}"/><button type="submit" class="link" lang="en">English</button></form><a href="/login">Accedi</a></div></header><main id="main"><article><p class="muted">Dispositivo ricondizionato · scheda pubblica</p>` +
    `<h1>${escape(TYPES[d.type] ?? d.type)} · ${escape(d.brand)} · ${escape(d.model)}</h1><p><span class="tag">${escape(d.tag)}</span></p><p>Ricondizionato da ${escape(d.hub_name)}, punto di facilitazione digitale.</p>` +
    (erased ? `<p class="alert alert-ok">I dati dei precedenti proprietari sono stati cancellati (${escape(d.erasure_method)}, ${date(d.erasure_at)}).</p>` : '') +
    (d.os ? `<p>Software libero installato: ${escape(d.os)}.</p>` : '') +
    `<p class="muted">Pronto per il riuso dal ${date(d.refurbished_at ?? d.updated_at)}.</p><h2>Serve aiuto?</h2><p>${escape(d.hub_name)}</p>` +
    `<p class="muted"><a href="/login?next=/d/${escape(tag)}">Accesso per chi lavora all’hub</a></p>` +
    FOOT;
  return new Response(html, { status: 200, headers: { 'Content-Type': 'text/html; charset=UTF-8', ...SECURITY, 'Set-Cookie': `rg_csrf=${csrf}; Path=/; HttpOnly; SameSite=Lax` } });
});
const port = Number(process.env.PORT ?? 3904);
serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => console.log(`ready ${port}`));
