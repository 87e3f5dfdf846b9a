import type { Child } from 'hono/jsx';
import { DEVICE_STATES } from '../src/lifecycle/lifecycle';
import { formatNumber } from '../src/i18n/format';
import { stateLabel } from './components/state-badge';
import type { View } from './view';

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
}) {
  const { v } = props;
  const counts = new Map(props.stock.map((s) => [s.state, Number(s.count)]));
  const hubQuery = props.hubCode ? `&hub=${props.hubCode}` : '';
  return (
    <section>
      <h1>{props.hubName ?? v.t('home.allHubs')}</h1>
      <p class="muted">{v.t('home.hello', { name: v.user?.name ?? '' })}</p>
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
    </section>
  );
}
