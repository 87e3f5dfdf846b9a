import { codeLabel } from '../../src/i18n/catalogue';
import type { View } from '../view';

const label = (v: View, prefix: string, value: string) => codeLabel(v.locale, prefix, value);

export const requestStateLabel = (v: View, state: string) => label(v, 'requestState', state);
export const partnerKindLabel = (v: View, kind: string) => label(v, 'partnerKind', kind);
export const titleLabel = (v: View, title: string) => label(v, 'deliveryTitle', title);
export const reportKindLabel = (v: View, kind: string) => label(v, 'reportKind', kind);
export const partnerStatusLabel = (v: View, status: string) => label(v, 'partnerStatus', status);

export function RequestStateBadge({ v, state }: { v: View; state: string }) {
  return <span class={`badge request-${state}`}>{requestStateLabel(v, state)}</span>;
}

/** "12 × Portatile, 3 × Monitor" */
export function itemsText(v: View, items: { type: string; quantity: number }[]) {
  return items.map((i) => `${i.quantity} × ${label(v, 'deviceType', i.type)}`).join(', ');
}
