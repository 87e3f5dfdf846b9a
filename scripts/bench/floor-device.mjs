// The floor for a volunteer's device page, for `npm run bench:floor -- --scenario devicePage`: the least
// a Hono server on @hono/node-server can do to answer it honestly. It checks the session cookie (a hash
// looked up in memory), runs the page's eleven statements (as `QUERIES_PAGE=volunteer QUERIES_SQL=1
// npm run queries:page` prints them) in one read transaction, writes an escaped Italian page of the same
// shape (the details, the erasure records, the history with each event's details and time) from a shell
// made once, and sends the same security headers with no-store in one header object.
//
// It does less than the app on purpose: no language choice, no access rules, no next step or action
// forms, no middleware, no other routes. What it costs is a lower bound for the app's device page.
import { createHash } from 'node:crypto';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { db, escape, inOneSnapshot, moment, SECURITY, TYPES, day as date } from './floor-common.mjs';

const device = db.prepare(
  'select "devices".*, "hubs"."code" as "hub_code", "hubs"."name" as "hub_name" from "devices" inner join "hubs" on "hubs"."id" = "devices"."hub_id" where "devices"."tag" = ?',
);
const events = db.prepare(
  'select "device_events"."id", "device_events"."seq", "device_events"."action", "device_events"."from_state", "device_events"."to_state", "device_events"."data", "device_events"."at", "hubs"."code" as "hub_code", "users"."name" as "user_name", "api_tokens"."label" as "token_label", "users"."partner_id" as "user_partner_id", "partners"."name" as "user_partner_name", "device_events"."actor_user_id", "device_events"."actor_token_id" from "device_events" left join "users" on "users"."id" = "device_events"."actor_user_id" left join "api_tokens" on "api_tokens"."id" = "device_events"."actor_token_id" left join "hubs" on "hubs"."id" = "device_events"."hub_id" left join "partners" on "partners"."id" = "users"."partner_id" where "device_events"."device_id" = ? order by "device_events"."seq" asc',
);
const erasures = db.prepare(
  'select "erasures".*, "users"."name" as "user_name", "api_tokens"."label" as "token_label", coalesce("reviewers"."name", "reviewer_tokens"."label") as "reviewer_name" from "erasures" left join "users" on "users"."id" = "erasures"."performed_by_user_id" left join "device_events" on "device_events"."id" = "erasures"."event_id" left join "api_tokens" on "api_tokens"."id" = "device_events"."actor_token_id" left join "users" as "reviewers" on "reviewers"."id" = "erasures"."reviewed_by_user_id" left join "api_tokens" as "reviewer_tokens" on "reviewer_tokens"."id" = "erasures"."reviewed_by_token_id" where "erasures"."device_id" = ? order by "erasures"."id" asc',
);
const specs = db.prepare('select * from "device_specs" where "device_id" = ?');
const undone = db.prepare('select "event_id" from "undone_events" where "device_id" = ?');
const disks = db.prepare(
  'select "parts"."id", "parts"."serial", "part_moves"."at", "part_moves"."event_id" from "part_moves" inner join "parts" on "parts"."id" = "part_moves"."part_id" where "part_moves"."device_id" = ? and "parts"."kind" = ?',
);
const reports = db.prepare(
  'select "hardware_reports"."id", "hardware_reports"."device_id", "hardware_reports"."uuid", "hardware_reports"."cycle", "hardware_reports"."status", "hardware_reports"."flag", "hardware_reports"."specs", "hardware_reports"."notes", "hardware_reports"."at", "hardware_reports"."reviewed_at", "users"."name" as "user_name", "api_tokens"."label" as "token_label" from "hardware_reports" left join "users" on "users"."id" = "hardware_reports"."uploaded_by_user_id" left join "api_tokens" on "api_tokens"."id" = "hardware_reports"."uploaded_by_token_id" where "hardware_reports"."device_id" = ? order by "hardware_reports"."id" desc limit 20',
);
const logs = db.prepare(
  'select "id", "cycle", "tool", "tool_version", "method", "started_at", "finished_at", "at", "problems", "operator_name" from "erasure_logs" where "device_id" = ? order by "id" desc',
);
const fitted = db.prepare(
  'select "part_moves"."id", "part_moves"."quantity", "part_moves"."at", "parts"."kind", "parts"."description", "parts"."serial", "devices"."tag" as "source_tag" from "part_moves" inner join "parts" on "parts"."id" = "part_moves"."part_id" left join "devices" on "devices"."id" = "parts"."source_device_id" where "part_moves"."device_id" = ? order by "part_moves"."id"',
);
const harvested = db.prepare('select "id", "kind", "description", "serial", "quantity", "available" from "parts" where "source_device_id" = ? order by "id"');
const unreadCount = db.prepare('select count(*) as "n" from "notices" where "user_id" = ? and "read_at" is null');
for (const s of [events, undone, disks, reports, logs, fitted, harvested]) s.raw(true);

const day = (iso) => date(iso) || '—';
const STATES = {
  received: 'Ricevuto',
  diagnosed: 'Diagnosticato',
  wiped: 'Dati cancellati',
  installed: 'Sistema installato',
  ready: 'Pronto',
  reserved: 'Prenotato',
  delivered: 'Consegnato',
  returned: 'Restituito',
  harvested: 'Smontato per ricambi',
  recycled: 'Avviato al riciclo',
  in_transit: 'In viaggio',
};
const ACTIONS = {
  receive: 'Ricevuto in donazione',
  diagnose: 'Diagnosi',
  erase: 'Cancellazione dati',
  install: 'Installazione sistema',
  ready: 'Pronto per la consegna',
  reserve: 'Prenota',
  deliver: 'Consegna',
  return: 'Reso',
  harvest: 'Smonta per ricambi',
  recycle: 'Avvia al riciclo',
  transfer: 'Trasferimento',
  correct: 'Correzione',
};
const FIELDS = {
  outcome: 'Esito della diagnosi',
  hasStorage: 'Contiene memorie di massa (disco, SSD, eMMC)',
  method: 'Metodo di cancellazione',
  tool: 'Strumento',
  verified: 'Cancellazione verificata',
  os: 'Sistema operativo installato',
  recipient: 'Destinatario',
  deliveryDocument: 'Documento di consegna (n.)',
  reason: 'Motivo',
  note: 'Nota',
};
const shown = (v) => (v === true ? 'Sì' : v === false ? 'No' : String(v));
function details(json) {
  if (!json) return '';
  let data;
  try {
    data = JSON.parse(json);
  } catch {
    return '';
  }
  if (!data || typeof data !== 'object') return '';
  const parts = [];
  for (const key in FIELDS) if (data[key] !== undefined && data[key] !== null && data[key] !== '') parts.push(`${FIELDS[key]}: ${shown(data[key])}`);
  return parts.length ? `<div>${escape(parts.join(' · '))}</div>` : '';
}
const NAV = [
  '/:Hub',
  '/inbox:Messaggi',
  '/devices:Dispositivi',
  '/donations:Donazioni',
  '/scan:Scansiona',
  '/labels:Etichette',
  '/workshop:Laboratorio',
  '/equipment:Dotazione',
  '/transfers:Trasferimenti',
]
  .map((item) => `<li><a href="${item.slice(0, item.indexOf(':'))}">${item.slice(item.indexOf(':') + 1)}</a></li>`)
  .join('');
const HEAD = (title, csrf) =>
  `<!doctype html><html lang="it"><head><meta charset="utf-8"/><meta name="viewport" content="width=device-width, initial-scale=1"/><meta name="color-scheme" content="light"/><meta name="theme-color" content="#0b5d1e"/><link rel="manifest" href="/manifest.webmanifest"/><link rel="icon" type="image/png" sizes="192x192" href="/assets/icon-192.png"/><link rel="apple-touch-icon" href="/assets/apple-touch-icon.png"/><meta name="csrf-token" content="${csrf}"/><title>${title} · Rigenera</title><link rel="stylesheet" href="/assets/app.css"/><script src="/assets/app.js" defer=""></script></head><body><a class="skip" href="#main">Vai al contenuto</a><header class="top"><a class="brand" href="/">Rigenera</a><nav aria-label="Menu principale"><ul>${NAV}</ul></nav>`;
const FOOT = '</article></main><footer class="foot"><p>Rigenera · ricondizionamento e riuso di dispositivi digitali nei punti di facilitazione digitale</p></footer></body></html>';
const NO_REPORT =
  '<section aria-labelledby="specs"><h2 id="specs">Caratteristiche</h2><p class="muted">Nessun rapporto hardware ancora. Avvia il computer da una chiavetta live ed esegui lo script probe.sh: le caratteristiche arriveranno qui da sole.</p></section>';
const REPORT_FORM = (tag, csrf) =>
  `<details class="action" id="hardware-upload"><summary>Aggiungi un rapporto hardware</summary><form method="post" action="/d/${tag}/hardware-reports" enctype="multipart/form-data"><input type="hidden" name="_csrf" value="${csrf}"/><p class="hint">Il rapporto dello script di rilevamento, oppure l’uscita di lshw -json, smartctl -j o dmidecode: come file dal telefono o incollato qui.</p><div class="field"><label for="report-file">File del rapporto</label><input id="report-file" name="file" type="file" accept=".json,.txt,application/json,text/plain"/></div><div class="field"><label for="report-text">Oppure incollalo qui</label><textarea id="report-text" name="text" rows="4" maxlength="1000000"></textarea></div><button type="submit">Aggiungi il rapporto</button></form></details>`;

/** Sessions as the app keeps them: by the hash of the cookie's token. Any token is taken here. */
const sessions = new Map();
function session(cookie) {
  const token = /rg_session=([^;]+)/.exec(cookie ?? '')?.[1];
  if (!token) return null;
  const key = createHash('sha256').update(token).digest('base64url');
  let user = sessions.get(key);
  if (!user) sessions.set(key, (user = { id: 1, name: 'Volontario' }));
  return user;
}

const app = new Hono();
app.get('/healthz', (c) => c.text('ok'));
app.get('/d/:tag', (c) => {
  const user = session(c.req.header('cookie'));
  if (!user) return c.redirect('/login', 303);
  const tag = c.req.param('tag');
  const read = inOneSnapshot(() => {
    const d = device.get(tag);
    if (!d) return undefined;
    const history = events.all(d.id);
    const records = erasures.all(d.id);
    specs.get(d.id);
    undone.all(d.id);
    disks.all(d.id, 'disk');
    reports.all(d.id);
    logs.all(d.id);
    fitted.all(d.id);
    harvested.all(d.id);
    return { d, history, records, unread: unreadCount.get(user.id).n };
  });
  if (!read) return c.text('not found', 404);
  const { d, history, records, unread } = read;
  const csrf = /rg_csrf=([^;]+)/.exec(c.req.header('cookie') ?? '')?.[1] ?? '';
  const fact = (label, value) => `<dt>${label}</dt><dd>${value === null || value === undefined || value === '' ? '—' : escape(value)}</dd>`;
  let html =
    HEAD(escape(d.tag), csrf) +
    `<div class="top-tools"><form method="post" action="/lang" class="inline"><input type="hidden" name="_csrf" value="${csrf}"/><input type="hidden" name="locale" value="en"/><input type="hidden" name="back" value="/d/${escape(d.tag)}"/><button type="submit" class="link" lang="en">English</button></form><form method="post" action="/logout" class="inline"><input type="hidden" name="_csrf" value="${csrf}"/><button type="submit" class="link">Esci</button></form></div></header>` +
    `<main id="main"><article><p class="muted">${TYPES[d.type] ?? escape(d.type)}</p><h1><span class="tag tag-big">${escape(d.tag)}</span></h1>` +
    `<p><span class="badge state-${d.state}">${STATES[d.state] ?? escape(d.state)}</span> <span class="muted">· ${escape(d.hub_name)}</span> · <a href="/labels?tags=${escape(d.tag)}">Stampa l’etichetta</a>${unread ? ` · ${unread}` : ''}</p>` +
    `<h2>Dettagli</h2><dl class="facts">${fact('Tipo', TYPES[d.type])}${fact('Marca', d.brand)}${fact('Modello', d.model)}${fact('Numero di serie', d.serial)}${fact('Peso (kg)', d.weight_kg)}${fact('Contiene memorie di massa (disco, SSD, eMMC)', d.has_storage === null ? 'Non noto' : d.has_storage ? 'Sì' : 'No')}${fact('Sistema operativo installato', d.os)}${fact('Destinatario', d.recipient)}${fact('Documento di consegna (n.)', d.delivery_document)}<dt>Data di ricevimento</dt><dd>${day(d.received_at)}</dd><dt>Donazione</dt><dd><a href="/donations/${d.donation_id}">#${d.donation_id}</a></dd></dl>` +
    NO_REPORT +
    REPORT_FORM(escape(d.tag), csrf) +
    `<section aria-labelledby="erasure"><h2 id="erasure">Cancellazione dei dati</h2>`;
  if (records.length) {
    html += `<p class="alert alert-ok">Tutti i dischi risultano cancellati, distrutti o rimossi in questo ciclo.</p><p><a class="button secondary" href="/d/${escape(d.tag)}/erasure-certificate.pdf">Certificato di cancellazione (PDF)</a></p><details><summary>Registrazioni (${records.length})</summary><ul class="erasure-records">`;
    for (const r of records) html += `<li>${day(r.at)} · ${escape(r.outcome)} · ${escape(r.method)}</li>`;
    html += '</ul></details>';
  } else html += '<p class="alert alert-warn">I dati non risultano ancora cancellati. </p>';
  html += '</section><h2>Storia</h2><ol class="history">';
  for (let i = history.length - 1; i >= 0; i--) {
    const [, , action, from, to, data, at, hub, userName, tokenLabel] = history[i];
    html += `<li><strong>${ACTIONS[action] ?? escape(action)}</strong>${from && from !== to ? ` · ${STATES[from] ?? escape(from)} → ${STATES[to] ?? escape(to)}` : ''}${details(data)}<div class="when">${moment(at)} · ${escape(userName ?? tokenLabel ?? 'Sistema')}${hub ? ` · ${escape(hub)}` : ''}</div></li>`;
  }
  html += '</ol>' + FOOT;
  return new Response(html, { status: 200, headers: { 'Content-Type': 'text/html; charset=UTF-8', ...SECURITY, 'Cache-Control': 'no-store' } });
});
const port = Number(process.env.PORT ?? 3905);
serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, () => console.log(`ready ${port}`));
