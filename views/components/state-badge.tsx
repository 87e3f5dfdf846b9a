import { hasKey } from '../../src/i18n/catalogue';
import type { View } from '../view';

export function stateLabel(v: View, state: string): string {
  const key = `state.${state}`;
  return hasKey(key) ? v.t(key) : state;
}

export function StateBadge({ v, state }: { v: View; state: string }) {
  return <span class={`badge state-${state}`}>{stateLabel(v, state)}</span>;
}

export function typeLabel(v: View, type: string): string {
  const key = `deviceType.${type}`;
  return hasKey(key) ? v.t(key) : type;
}

export function actionLabel(v: View, action: string): string {
  const key = `action.${action}`;
  return hasKey(key) ? v.t(key) : action;
}
