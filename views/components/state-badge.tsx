import { codeLabel } from '../../src/i18n/catalogue';
import type { View } from '../view';

export function stateLabel(v: View, state: string): string {
  return codeLabel(v.locale, 'state', state);
}

export function StateBadge({ v, state }: { v: View; state: string }) {
  return <span class={`badge state-${state}`}>{stateLabel(v, state)}</span>;
}

export function typeLabel(v: View, type: string): string {
  return codeLabel(v.locale, 'deviceType', type);
}

export function actionLabel(v: View, action: string): string {
  return codeLabel(v.locale, 'action', action);
}
