/**
 * Where features plug into device actions (devices/actions.ts). The kernel knows only this registry;
 * each feature registers its steps at start-up through devices/plugins.ts, and the kernel refuses to
 * act before that has happened (a missing step would silently skip a record).
 */
import type { Kysely, Transaction } from 'kysely';
import type { Actor } from '../access/policy';
import type { AppContext } from '../context';
import type { Database } from '../db/schema';
import type { ActionFields, DeviceAction, DeviceState, GuardFacts, KeepingAction, KeepingFields, LifecycleDevice } from '../lifecycle/lifecycle';
import type { DeviceType } from './device-types';
import type { DeviceWithHub } from './repository';
import type { ActionInput } from './schema';

type Trx = Transaction<Database>;

export type ActionResult = {
  tag: string;
  state: string;
  hub: string;
  version: number;
  event: { id: number; seq: number; action: string; from: string; to: string; at: string; data: Record<string, unknown> };
  replayed?: boolean;
};

export type StockCell = { hubId: number; state: DeviceState; type: DeviceType };

/** One event's effect on the running totals, as the kernel hands it to the projections. */
export type DeviceChange = {
  deviceId: number;
  type: DeviceType;
  before: StockCell | null;
  after: StockCell;
  action: string;
  at: string;
  data: Record<string, unknown>;
};
export type AnyAction = DeviceAction | KeepingAction;
type FieldsOf<A extends AnyAction> = A extends DeviceAction ? ActionFields[A] : A extends KeepingAction ? KeepingFields[A] & Record<string, unknown> : never;
type InputOf<A extends AnyAction> = A extends DeviceAction ? Extract<ActionInput, { action: A }> : Record<string, unknown>;

/** What a step sees: the device as read in the action's transaction, before and after the lifecycle. */
export type StepContext<A extends AnyAction> = {
  ctx: Omit<AppContext, 'db'>;
  trx: Trx;
  actor: Actor;
  device: DeviceWithHub;
  before: LifecycleDevice;
  fields: FieldsOf<A>;
  at: string;
};

export type ActionStep<A extends AnyAction> = {
  /** Works out the action's fields from the input, after the lifecycle allowed the action in its state. */
  resolve?: (trx: Trx, device: DeviceWithHub, input: InputOf<A>, actor: Actor) => Promise<FieldsOf<A>> | FieldsOf<A>;
  /** Runs once the action is allowed, before the device changes: may complete the fields or refuse. */
  before?: (s: StepContext<A>) => Promise<void>;
  /** Runs after the event and the projections are written, with the event's id. */
  after?: (s: StepContext<A> & { eventId: number }) => Promise<void>;
};

type AnyStep = ActionStep<AnyAction>;
/**
 * What a caller has already read of the device, so a fact source does not read it again: its cycle, its
 * erasure rows (any columns beyond the ones the guard needs), its specifications row (null: it has none).
 */
export type AlreadyRead = { cycle?: number; erasures?: readonly unknown[]; specs?: { specs: string | null; updated_at: string } | null };
export type FactsSource = (db: Kysely<Database> | Trx, deviceId: number, read?: AlreadyRead) => Promise<Partial<GuardFacts>>;
export type Projection = (trx: Trx, changes: readonly DeviceChange[]) => Promise<void>;
/** An action a feature carries out itself from a device's page or a scan (a delivery makes its documents). */
export type ActionRoute = (ctx: AppContext, actor: Actor, tag: string, input: ActionInput) => Promise<ActionResult & Record<string, unknown>>;

const steps = new Map<AnyAction, AnyStep[]>();
const facts: FactsSource[] = [];
const projections: Projection[] = [];
const routes = new Map<DeviceAction, ActionRoute>();
let wired = false;

export function registerActionStep<A extends AnyAction>(action: A, step: ActionStep<A>): void {
  steps.set(action, [...(steps.get(action) ?? []), step as unknown as AnyStep]);
}

/** Facts the lifecycle's guards read (the erasure records, the disks to account for). */
export function registerFacts(source: FactsSource): void {
  facts.push(source);
}

/** A running total kept in step with the events, in the events' own transaction. */
export function registerProjection(projection: Projection): void {
  projections.push(projection);
}

export function registerActionRoute(action: DeviceAction, route: ActionRoute): void {
  routes.set(action, route);
}

/** Called once every feature has registered (devices/plugins.ts). */
export function markWired(): void {
  wired = true;
}

export function isWired(): boolean {
  return wired;
}

function requireWired() {
  if (!wired) throw new Error('Device action steps are not registered: import src/devices/plugins.ts where the context is built');
}

export function stepsOf<A extends AnyAction>(action: A): readonly ActionStep<A>[] {
  requireWired();
  return (steps.get(action) ?? []) as unknown as ActionStep<A>[];
}

export function factSources(): readonly FactsSource[] {
  requireWired();
  return facts;
}

export function registeredProjections(): readonly Projection[] {
  requireWired();
  return projections;
}

export function routeOf(action: DeviceAction): ActionRoute | undefined {
  requireWired();
  return routes.get(action);
}
