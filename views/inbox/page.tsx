import { formatDateTime } from '../../src/i18n/format';
import type { InboxEntry, OutboxState } from '../../src/inbox/service';
import { lineOf, subjectOf, translatePlural } from '../../src/mail/notices';
import { PostForm } from '../components/forms';
import type { View } from '../view';

export function InboxPage(props: { v: View; entries: InboxEntry[]; unread: number; mailOn: boolean; outbox: OutboxState | null }) {
  const { v } = props;
  return (
    <section>
      <h1>{v.t('inbox.title')}</h1>
      <p class="hint">{v.t('inbox.intro')}</p>
      {!props.mailOn ? <p class="alert alert-warn">{v.t('inbox.mailOff')}</p> : null}
      {props.outbox ? (
        <p class={props.outbox.failed ? 'alert alert-warn' : 'hint'}>
          {translatePlural(v.locale, 'inbox.outboxWaiting', { count: props.outbox.waiting })} · {translatePlural(v.locale, 'inbox.outboxFailed', { count: props.outbox.failed })}
        </p>
      ) : null}
      {props.unread ? (
        <PostForm v={v} action="/inbox/read" class="inline">
          <span class="badge">{translatePlural(v.locale, 'inbox.unread', { count: props.unread })}</span>{' '}
          <button type="submit" class="link">
            {v.t('inbox.markAll')}
          </button>
        </PostForm>
      ) : null}
      {props.entries.length ? (
        <ul class="inbox">
          {props.entries.map((e) => (
            <li class={e.unread ? 'unread' : undefined}>
              <a href={`/inbox/${e.id}`}>{e.unread ? <strong>{subjectOf(v.locale, e.kind, e.params)}</strong> : subjectOf(v.locale, e.kind, e.params)}</a>{' '}
              {e.unread ? <span class="badge">{v.t('inbox.new')}</span> : null}
              <br />
              {lineOf(v.locale, e.kind, e.params)}
              <br />
              <small>{formatDateTime(v.locale, e.createdAt)}</small>
            </li>
          ))}
        </ul>
      ) : (
        <p>{v.t('inbox.empty')}</p>
      )}
    </section>
  );
}
