import type { Child } from 'hono/jsx';
import { DEVICE_STATES } from '../../src/lifecycle/lifecycle';
import { formatNumber } from '../../src/i18n/format';
import { actionLabel, stateLabel, typeLabel } from '../components/state-badge';
import type { QueuedDevice } from '../../src/workshop/queue';
import type { View } from '../view';

export function Landing({ v }: { v: View }) {
  return (
    <section>
      <h1>{v.t('home.landing.title')}</h1>
      <p>{v.t('home.landing.intro')}</p>
      <p>{v.t('home.landing.scan')}</p>
      <p>
        <a class="button big" href="/login">
          {v.t('auth.login')}
        </a>
      </p>
    </section>
  );
}

export function Home(props: {
  v: View;
  hubName: string | null;
  stock: { state: string; count: number }[];
  canIntake: boolean;
  hubCode: string | null;
  /** The hub's own equipment: overdue loans, checks and warranties due, the minimum kit. */
  equipment?: Child;
  /** Scanning comes first for whoever works at the bench. */
  canScan?: boolean;
  /** The devices waiting at the bench, with their next step (workshop/queue.ts). */
  queue?: QueuedDevice[] | null;
  /** A volunteer's home is the bench: the hub's summaries fold away below it. */
  bench?: boolean;
}) {
  const { v } = props;
  const counts = new Map(props.stock.map((s) => [s.state, Number(s.count)]));
  const hubQuery = props.hubCode ? `&hub=${props.hubCode}` : '';
  const summaries = (
    <>
      <h2>{v.t('home.stock')}</h2>
      <ul class="counts">
        {DEVICE_STATES.map((s) => (
          <li>
            <a href={`/devices?state=${s}${hubQuery}`}>
              <strong>{formatNumber(v.locale, counts.get(s) ?? 0)}</strong>
              {stateLabel(v, s)}
            </a>
          </li>
        ))}
      </ul>
      {props.equipment}
    </>
  );
  return (
    <section>
      <h1>{props.hubName ?? v.t('home.allHubs')}</h1>
      <p class="muted">{v.t('home.hello', { name: v.user?.name ?? '' })}</p>
      {props.canScan ? (
        <p>
          <a class="button big" href="/scan" id="home-scan">
            {v.t('home.scanBig')}
          </a>
        </p>
      ) : null}
      {props.queue ? <BenchQueue v={v} queue={props.queue} /> : null}
      <div class="actions-row">
        {props.canIntake ? (
          <a class="button" href="/donations/new">
            {v.t('nav.newDonation')}
          </a>
        ) : null}
        <a class="button secondary" href="/devices">
          {v.t('nav.devices')}
        </a>
      </div>
      <form method="get" action="/devices" role="search" class="field">
        <label for="find">{v.t('home.findTag')}</label>
        <input id="find" name="q" type="search" autocomplete="off" autocapitalize="characters" placeholder="FOL-00042-K" />
      </form>
      {props.bench ? (
        <details class="home-more">
          <summary>{v.t('home.more')}</summary>
          {summaries}
        </details>
      ) : (
        summaries
      )}
    </section>
  );
}

function BenchQueue({ v, queue }: { v: View; queue: QueuedDevice[] }) {
  return (
    <section aria-labelledby="bench-queue">
      <h2 id="bench-queue">{v.t('home.queue.title')}</h2>
      {queue.length === 0 ? (
        <p class="muted">{v.t('home.queue.empty')}</p>
      ) : (
        <ul class="queue">
          {queue.map((d) => (
            <li>
              <a href={`/d/${d.tag}`}>
                <span class="tag">{d.tag}</span> <span class="muted">{[typeLabel(v, d.type), d.brand, d.model].filter(Boolean).join(' · ')}</span>
                <br />
                {d.next ? <strong>{actionLabel(v, d.next)}</strong> : stateLabel(v, d.state)}
              </a>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
