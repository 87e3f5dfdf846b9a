import { formatDateTime } from '../../src/i18n/format';
import type { View } from '../view';
import { requestStateLabel } from './labels';

export type RequestEventView = {
  action: string;
  from: string | null;
  to: string;
  note: string | null;
  data: Record<string, unknown> | null;
  at: string;
  by: string | null;
};

/** Every change of a request, newest first: what the partner follows, and the hub too. */
export function RequestHistory({ v, events }: { v: View; events: RequestEventView[] }) {
  return (
    <ol class="history">
      {[...events].reverse().map((e) => (
        <li>
          <strong>{v.t(`requests.event.${e.action}` as never, { count: Number(e.data?.count ?? 0), delivery: String(e.data?.delivery ?? '') })}</strong>
          {e.from && e.from !== e.to ? ` · ${requestStateLabel(v, e.from)} → ${requestStateLabel(v, e.to)}` : ''}
          {e.note ? <div>{e.note}</div> : null}
          <div class="when">
            {formatDateTime(v.locale, e.at)}
            {e.by ? ` · ${e.by}` : ''}
          </div>
        </li>
      ))}
    </ol>
  );
}
