import { describe, expect, it } from 'vitest';
import { kitTable, type KitAsset, type KitItem } from '../../src/equipment/kit';
import {
  ASSET_ACTIONS,
  ASSET_STATES,
  decideAsset,
  nextAssetActions,
  projectAsset,
  type AssetAction,
  type AssetActionFields,
  type AssetState,
  type LifecycleAsset,
} from '../../src/equipment/lifecycle';
import { defaultDue, dueToIso, hubDay as hubDate, hubLocalToIso } from '../../src/shared/hub-time';

/**
 * The asset lifecycle as a table, written out by hand (not derived from the module): for a laptop,
 * what each action does in each state. A target state means allowed; 'state' means refused by the state.
 */
const TABLE: Record<AssetState, Partial<Record<AssetAction, AssetState>>> = {
  in_service: { lend: 'on_loan', repair: 'under_repair', lose: 'lost', retire: 'retired' },
  on_loan: { return: 'in_service', lose: 'lost' },
  under_repair: { repaired: 'in_service', lose: 'lost', retire: 'retired' },
  lost: { found: 'in_service', retire: 'retired' },
  retired: {},
};

const NOW = '2026-03-10T09:00:00.000Z';

const FIELDS: { [A in AssetAction]: AssetActionFields[A] } = {
  lend: { borrowerKind: 'visitor', borrowerName: 'Anna R.', dueAt: '2026-03-10T18:00:00.000Z' },
  return: {},
  repair: { reason: 'Schermo rotto' },
  repaired: { costCents: 4500, by: 'Tecnico' },
  lose: { note: 'Non rientrato dal corso' },
  found: { location: 'Aula 2' },
  retire: { reason: 'Obsoleto', toWorkshop: false },
};

const laptop = (state: AssetState, over: Partial<LifecycleAsset> = {}): LifecycleAsset => ({ state, hubId: 1, category: 'laptop', loanId: state === 'on_loan' ? 7 : null, ...over });

describe('the asset lifecycle, every state × every action', () => {
  for (const state of ASSET_STATES) {
    for (const action of ASSET_ACTIONS) {
      const expected = TABLE[state][action];
      it(`${state} × ${action} → ${expected ?? 'refused'}`, () => {
        const d = decideAsset(laptop(state), action, FIELDS[action], { now: NOW });
        if (expected) expect(d).toEqual({ ok: true, to: expected });
        else {
          expect(d.ok).toBe(false);
          if (!d.ok) {
            expect(d.kind).toBe('state');
            expect(d.refusal).toEqual({ key: 'equipment.notAllowed', params: { assetAction: action, state } });
          }
        }
      });
    }
    it(`${state}: the next actions are exactly the table's`, () => {
      expect(nextAssetActions(laptop(state)).sort()).toEqual((Object.keys(TABLE[state]) as AssetAction[]).sort());
    });
  }
});

describe('the asset guards', () => {
  it('a loan is due in the future, within a year', () => {
    const lend = (dueAt: string) => decideAsset(laptop('in_service'), 'lend', { ...FIELDS.lend, dueAt }, { now: NOW });
    expect(lend('2026-03-10T08:59:59.000Z')).toMatchObject({ ok: false, kind: 'guard', refusal: { key: 'equipment.guard.dueInPast' } });
    expect(lend(NOW)).toMatchObject({ ok: false, refusal: { key: 'equipment.guard.dueInPast' } });
    expect(lend('2027-03-11T09:00:01.000Z')).toMatchObject({ ok: false, refusal: { key: 'equipment.guard.dueTooFar', params: { days: 366 } } });
    expect(lend('2027-03-10T09:00:00.000Z')).toEqual({ ok: true, to: 'on_loan' });
  });

  it('only an electronic asset still at the hub is handed to the workshop', () => {
    const retire = (a: LifecycleAsset, toWorkshop: boolean) => decideAsset(a, 'retire', { reason: 'x', toWorkshop }, { now: NOW });
    expect(retire(laptop('in_service'), true)).toEqual({ ok: true, to: 'retired' });
    expect(retire(laptop('under_repair'), true)).toEqual({ ok: true, to: 'retired' });
    expect(retire(laptop('lost'), true)).toMatchObject({ ok: false, kind: 'guard', refusal: { key: 'equipment.guard.lostToWorkshop' } });
    expect(retire(laptop('lost'), false)).toEqual({ ok: true, to: 'retired' });
    expect(retire(laptop('in_service', { category: 'furniture' }), true)).toMatchObject({ ok: false, refusal: { key: 'equipment.guard.notElectronic' } });
    expect(retire(laptop('in_service', { category: 'furniture' }), false)).toEqual({ ok: true, to: 'retired' });
  });
});

describe('the asset projection', () => {
  it('a lend opens the loan; return and loss close it', () => {
    const lent = projectAsset(laptop('in_service'), 'lend', 'on_loan', { loanId: 12 });
    expect(lent).toMatchObject({ state: 'on_loan', loanId: 12 });
    expect(projectAsset(lent, 'return', 'in_service')).toMatchObject({ state: 'in_service', loanId: null });
    expect(projectAsset(lent, 'lose', 'lost')).toMatchObject({ state: 'lost', loanId: null });
    expect(projectAsset(laptop('in_service'), 'repair', 'under_repair')).toEqual(laptop('under_repair'));
  });
});

describe('the minimum kit table', () => {
  const items: KitItem[] = [
    { id: 1, position: 1, label_it: 'Postazioni', label_en: 'Workstations', category: 'workstation', feature: null, min_count: 3 },
    { id: 2, position: 2, label_it: 'Portatili liberi', label_en: 'Free laptops', category: 'laptop', feature: 'free_os', min_count: 2 },
    { id: 3, position: 3, label_it: 'Wi-Fi', label_en: 'Wi-Fi', category: 'network', feature: 'wifi', min_count: 1 },
  ];
  const a = (category: string, state: string, features = ''): KitAsset => ({ hub_id: 1, category, features, state });
  it('counts working assets (in service or on loan) that match category and feature; short and broken stand out', () => {
    const cells = kitTable(items, [
      a('workstation', 'in_service'),
      a('workstation', 'on_loan'),
      a('workstation', 'under_repair'),
      a('laptop', 'in_service', 'free_os'),
      a('laptop', 'in_service'),
      a('laptop', 'lost', 'free_os,wifi'),
      a('network', 'in_service', 'free_os'),
    ]);
    expect(cells).toEqual([
      { itemId: 1, need: 3, working: 2, underRepair: 1, lost: 0, missing: 1, status: 'short' },
      { itemId: 2, need: 2, working: 1, underRepair: 0, lost: 1, missing: 1, status: 'short' },
      { itemId: 3, need: 1, working: 0, underRepair: 0, lost: 0, missing: 1, status: 'none' },
    ]);
    expect(kitTable(items, [a('network', 'on_loan', 'wifi')])[2]).toMatchObject({ working: 1, missing: 0, status: 'ok' });
  });
});

describe('the hub’s clock', () => {
  it('reads a date-time field as Europe/Rome, winter and summer', () => {
    expect(hubLocalToIso('2026-01-15T19:00')).toBe('2026-01-15T18:00:00.000Z');
    expect(hubLocalToIso('2026-07-15T19:00')).toBe('2026-07-15T17:00:00.000Z');
    // The night the clocks go forward (29 March 2026, 02:00 → 03:00).
    expect(hubLocalToIso('2026-03-29T12:00')).toBe('2026-03-29T10:00:00.000Z');
    expect(hubLocalToIso('2026-03-28T12:00')).toBe('2026-03-28T11:00:00.000Z');
  });

  it('understands a due time with an offset, without one, or a bare day (its end at the hub)', () => {
    expect(dueToIso('2026-03-10T18:00:00Z')).toBe('2026-03-10T18:00:00.000Z');
    expect(dueToIso('2026-03-10T19:00')).toBe('2026-03-10T18:00:00.000Z');
    expect(dueToIso('2026-03-10')).toBe('2026-03-10T22:59:00.000Z');
  });

  it('a loan for the day is due at 19:00, or tomorrow at 19:00 in the evening', () => {
    expect(defaultDue('2026-03-10T09:00:00.000Z')).toBe('2026-03-10T19:00');
    expect(defaultDue('2026-03-10T18:00:00.000Z')).toBe('2026-03-11T19:00');
    expect(hubDate('2026-03-10T23:30:00.000Z')).toBe('2026-03-11');
  });
});
