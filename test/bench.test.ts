import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkIntegrity } from '../src/integrity/check';
import { act, createTestContext, donate, type Person, type TestContext } from './support/context';
import { walkTo } from './support/walk';
import { DELL, sample } from './support/samples';

/**
 * The volunteer's bench on the device page: the next step comes first, nothing final happens in one
 * tap, and a step taken by mistake is taken back by a compensating event.
 */
let t: TestContext;
let coordinatorToken: string;
let volunteer: Person;
let otherVolunteer: Person;
let coordinator: Person;

beforeAll(async () => {
  t = await createTestContext();
  coordinatorToken = await t.token('coordinator', 'FOL');
  volunteer = await t.person('volunteer', 'FOL', 'Marco Volontario');
  otherVolunteer = await t.person('volunteer', 'FOL', 'Sara Volontaria');
  coordinator = await t.person('coordinator', 'FOL', 'Anna Coordinatrice');
});
afterAll(() => t.close());

const device = async (type = 'laptop') => (await donate(t, coordinatorToken, 'FOL', [{ type }])).devices[0]!.tag;
const state = async (tag: string) => (await t.api('GET', `/api/v1/devices/${tag}`, coordinatorToken)).json;
/** The next-step section of the device page: what comes first, and what is folded below it. */
const nextSteps = (html: string) => html.slice(html.indexOf('id="next-steps"'), html.indexOf('id="details"') > 0 ? html.indexOf('id="details"') : undefined);
const openPrimary = (html: string) => {
  const tag = /<details class="action primary"[^>]*>/.exec(html)?.[0];
  return tag && tag.includes('open=""') ? (/id="([a-z-]+)"/.exec(tag)?.[1] ?? null) : null;
};

describe('the next step on the device page', () => {
  it('a ready laptop offers no primary action: it waits for a request, and harvesting asks to confirm what cannot be undone', async () => {
    const tag = await device();
    await walkTo(t, coordinatorToken, tag, 'ready');
    const page = await t.page(`/d/${tag}`, volunteer.cookie);
    expect(openPrimary(page.html)).toBeNull();
    expect(page.html).toContain('Pronto: in attesa di una richiesta.');
    expect(page.html).toContain('Smontarlo per ricambi è definitivo');
    expect(page.html).toMatch(/id="confirm-harvest" name="confirm" value="yes" required/);

    // Without the tick, nothing happens: the person is told why, and the device is still ready.
    const refused = await t.form(`/d/${tag}/actions`, volunteer.cookie, { action: 'harvest', idempotencyKey: 'bench-harvest-1' });
    expect(refused.status).toBe(422);
    expect(refused.html).toContain('Conferma di aver capito che «Smonta per ricambi» non si può annullare.');
    expect((await state(tag)).state).toBe('ready');
    const done = await t.form(`/d/${tag}/actions`, volunteer.cookie, { action: 'harvest', confirm: 'yes', idempotencyKey: 'bench-harvest-2' });
    expect(done.status).toBe(303);
    expect((await state(tag)).state).toBe('harvested');
  });

  it('a wiped laptop goes on to install, not to another erasure, which is final and confirmed', async () => {
    const tag = await device();
    await walkTo(t, coordinatorToken, tag, 'wiped');
    const page = await t.page(`/d/${tag}`, volunteer.cookie);
    expect(openPrimary(page.html)).toBe('action-install');
    expect(page.html).toContain('I dati risultano già cancellati');
    const again = await t.form(`/d/${tag}/actions`, volunteer.cookie, { action: 'erase', method: 'Fill With Zeros', verified: 'true', idempotencyKey: 'bench-erase-again' });
    expect(again.status).toBe(422);
  });

  it('when erasing comes next, the page opens on the erasure log upload', async () => {
    const tag = await device();
    await walkTo(t, coordinatorToken, tag, 'diagnosed');
    const page = await t.page(`/d/${tag}`, volunteer.cookie);
    expect(openPrimary(page.html)).toBe('erasure-log');
    const steps = nextSteps(page.html);
    expect(steps.indexOf('id="erasure-log"')).toBeLessThan(steps.indexOf('id="action-erase"'));
  });
});

describe('undo by the person who acted, within 15 minutes', () => {
  it('a diagnosis is taken back by a compensating event: the log keeps both, and the device is received again', async () => {
    const tag = await device();
    const r = await t.form(`/d/${tag}/actions`, volunteer.cookie, { action: 'diagnose', outcome: 'parts', hasStorage: 'true', idempotencyKey: 'bench-diag-undo1' });
    expect(r.status).toBe(303);
    const page = await t.page(`/d/${tag}`, volunteer.cookie);
    expect(page.html).toContain('Annulla «Diagnosi»');
    // Someone else does not get the offer, and cannot force it.
    expect((await t.page(`/d/${tag}`, otherVolunteer.cookie)).html).not.toContain('Annulla «Diagnosi»');
    const foreign = await t.form(`/d/${tag}/undo`, otherVolunteer.cookie, { seq: 2 });
    expect(foreign.status).toBe(409);
    expect(foreign.html).toContain('Puoi annullare solo un passo registrato da te.');
    expect((await state(tag)).state).toBe('diagnosed');

    const undone = await t.form(`/d/${tag}/undo`, volunteer.cookie, { seq: 2 });
    expect(undone.status).toBe(303);
    expect(undone.location).toContain('#next-steps');
    const after = await state(tag);
    expect(after).toMatchObject({ state: 'received', outcome: null });
    expect(after.events.map((e: { action: string }) => e.action)).toEqual(['receive', 'diagnose', 'undo']);
    // Undoing twice does nothing more.
    expect((await t.form(`/d/${tag}/undo`, volunteer.cookie, { seq: 2 })).status).toBe(409);
    const report = await checkIntegrity(t.db, { recountFigures: true });
    expect(report.problems).toEqual([]);
    expect(report.figuresMatch).toBe(true);
  });

  it('an undone erasure no longer counts: the device is back to diagnosed and cannot be installed', async () => {
    const tag = await device();
    await walkTo(t, coordinatorToken, tag, 'diagnosed');
    const erase = await t.form(`/d/${tag}/actions`, coordinator.cookie, { action: 'erase', method: 'Fill With Zeros', verified: 'true', tool: 'nwipe', idempotencyKey: 'bench-erase-undo' });
    expect(erase.status).toBe(303);
    expect((await state(tag)).state).toBe('wiped');
    const seq = (await state(tag)).events.length;
    expect((await t.form(`/d/${tag}/undo`, coordinator.cookie, { seq })).status).toBe(303);
    expect((await state(tag)).state).toBe('diagnosed');
    const install = await act(t, coordinatorToken, tag, { action: 'install', os: 'Debian 12' });
    expect(install.status).toBe(409);
    expect((await checkIntegrity(t.db)).problems).toEqual([]);
  });

  it('after 15 minutes the author can no longer undo', async () => {
    const tag = await device();
    await t.form(`/d/${tag}/actions`, volunteer.cookie, { action: 'diagnose', outcome: 'refurbish', hasStorage: 'true', idempotencyKey: 'bench-diag-late' });
    t.clock.advance(16 * 60 * 1000);
    expect((await t.page(`/d/${tag}`, volunteer.cookie)).html).not.toContain('Annulla «Diagnosi»');
    const late = await t.form(`/d/${tag}/undo`, volunteer.cookie, { seq: 2 });
    expect(late.status).toBe(409);
    expect(late.html).toContain('Sono passati più di 15 minuti');
    expect((await state(tag)).state).toBe('diagnosed');
  });
});

describe('final actions and corrections: a coordinator, with a reason', () => {
  it('a harvest is undone only by a coordinator who says why; its parts leave the stock', async () => {
    const tag = await device();
    await walkTo(t, coordinatorToken, tag, 'ready');
    await t.form(`/d/${tag}/actions`, volunteer.cookie, { action: 'harvest', confirm: 'yes', 'parts.ram': '2', idempotencyKey: 'bench-harvest-undo' });
    expect((await state(tag)).state).toBe('harvested');
    const seq = (await state(tag)).events.length;
    const byVolunteer = await t.form(`/d/${tag}/undo`, volunteer.cookie, { seq, reason: 'sbagliato' });
    expect(byVolunteer.status).toBe(403);
    const noReason = await t.form(`/d/${tag}/undo`, coordinator.cookie, { seq });
    expect(noReason.status).toBe(409);
    expect(noReason.html).toContain('Scrivi il motivo');
    const ok = await t.form(`/d/${tag}/undo`, coordinator.cookie, { seq, reason: 'etichetta sbagliata' });
    expect(ok.status).toBe(303);
    expect((await state(tag)).state).toBe('ready');
    const parts = await t.db.selectFrom('parts').select(['available']).where('source_event_id', 'is not', null).execute();
    expect(parts.every((p) => p.available === 0)).toBe(true);
    expect((await checkIntegrity(t.db)).problems).toEqual([]);
  });

  it('a monitor diagnosed with storage by mistake is corrected by a coordinator, and no longer demands an erasure', async () => {
    const tag = await device('monitor');
    await act(t, coordinatorToken, tag, { action: 'diagnose', outcome: 'refurbish', hasStorage: true });
    expect((await act(t, coordinatorToken, tag, { action: 'ready' })).status).toBe(409);
    const byVolunteer = await t.form(`/d/${tag}/correct`, volunteer.cookie, { outcome: 'refurbish', hasStorage: 'false', reason: 'nessun disco' });
    expect(byVolunteer.status).toBe(403);
    const noReason = await t.form(`/d/${tag}/correct`, coordinator.cookie, { outcome: 'refurbish', hasStorage: 'false', reason: '' });
    expect(noReason.status).toBe(422);
    const fixed = await t.form(`/d/${tag}/correct`, coordinator.cookie, { outcome: 'refurbish', hasStorage: 'false', reason: 'è un monitor: nessun disco' });
    expect(fixed.status).toBe(303);
    const after = await state(tag);
    expect(after.events.at(-1)).toMatchObject({ action: 'correct' });
    expect((await act(t, coordinatorToken, tag, { action: 'ready' })).status).toBe(200);
    expect((await checkIntegrity(t.db)).problems).toEqual([]);
  });
});

describe('evidence from the device page', () => {
  it('a hardware report is pasted (lshw -json) or uploaded as a file (smartctl -j) from the phone, and its specs show', async () => {
    const tag = await device();
    const page = await t.page(`/d/${tag}`, volunteer.cookie);
    expect(page.html).toContain(`action="/d/${tag}/hardware-reports"`);
    const pasted = await t.form(`/d/${tag}/hardware-reports`, volunteer.cookie, { text: sample(DELL.lshw) });
    expect(pasted.status).toBe(303);
    expect(pasted.location).toContain('#specs');
    const specs = async () => (await t.api('GET', `/api/v1/devices/${tag}/hardware-reports`, coordinatorToken)).json;
    expect((await specs()).specs.model).toContain('Latitude E7240');
    const form = new FormData();
    form.set('_csrf', t.csrf);
    form.set('file', new Blob([sample(DELL.smartctl)], { type: 'application/json' }), 'smartctl.json');
    const uploaded = await t.app.request(`/d/${tag}/hardware-reports`, { method: 'POST', headers: { cookie: volunteer.cookie }, body: form });
    expect(uploaded.status).toBe(303);
    const after = await specs();
    expect(after.reports).toHaveLength(2);
    expect(after.specs.disks.map((d: { serial: string }) => d.serial)).toContain('S33HNX0J203755R');
    // Something that is no report is refused with the reason, and nothing is written.
    const garbage = await t.form(`/d/${tag}/hardware-reports`, volunteer.cookie, { text: 'ciao' });
    expect(garbage.status).toBe(422);
    expect(garbage.html).toContain('Non riconosco questo testo');
  });

  it('the donation form proposes today as the day received', async () => {
    const page = await t.page('/donations/new', coordinator.cookie);
    expect(page.html).toMatch(/id="receivedAt" name="receivedAt" type="date" value="2026-03-10"/);
  });
});
