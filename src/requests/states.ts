/**
 * The states of a partner request and which change is allowed from which state. Pure, like the
 * device lifecycle: the requests service asks here and records every change as a request event.
 *
 *   submitted ─> approved ─> partially_fulfilled ─> fulfilled
 *       │            │               │
 *       └─> refused  └──────> cancelled <─┘   (a submitted request can be cancelled too)
 */
export const REQUEST_STATES = ['submitted', 'approved', 'refused', 'partially_fulfilled', 'fulfilled', 'cancelled'] as const;
export type RequestState = (typeof REQUEST_STATES)[number];

export const REQUEST_CHANGES = ['approve', 'refuse', 'cancel'] as const;
export type RequestChange = (typeof REQUEST_CHANGES)[number];

const FROM: Record<RequestChange, readonly RequestState[]> = {
  approve: ['submitted'],
  refuse: ['submitted'],
  cancel: ['submitted', 'approved', 'partially_fulfilled'],
};

const TO: Record<RequestChange, RequestState> = { approve: 'approved', refuse: 'refused', cancel: 'cancelled' };

/** Requests the hub is working on: devices can be reserved and delivered for them. */
export const OPEN_STATES: readonly RequestState[] = ['approved', 'partially_fulfilled'];

export function canChange(state: RequestState, change: RequestChange): boolean {
  return FROM[change].includes(state);
}

export function changeTarget(change: RequestChange): RequestState {
  return TO[change];
}

export function isOpen(state: RequestState): boolean {
  return OPEN_STATES.includes(state);
}

/** After a delivery: fulfilled when every requested type has had its quantity delivered. */
export function stateAfterDelivery(items: readonly { type: string; quantity: number }[], delivered: ReadonlyMap<string, number>): RequestState {
  const complete = items.every((i) => (delivered.get(i.type) ?? 0) >= i.quantity);
  return complete ? 'fulfilled' : 'partially_fulfilled';
}
