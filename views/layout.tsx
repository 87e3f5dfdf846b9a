import type { Child } from 'hono/jsx';
import { can } from '../src/access/policy';
import { isStaff } from '../src/access/scopes';
import { actorFromUser } from '../src/auth/service';
import { translatePlural } from '../src/mail/notices';
import { Csrf } from './components/forms';
import type { View } from './view';

type NavItem = { href: string; label: string; show: boolean };

export function navItems(v: View): NavItem[] {
  const actor = v.user ? actorFromUser(v.user) : null;
  return [
    { href: '/', label: v.t('nav.home'), show: isStaff(actor) },
    { href: '/inbox', label: v.t('nav.inbox'), show: isStaff(actor) },
    { href: '/devices', label: v.t('nav.devices'), show: can(actor, 'device.read') },
    { href: '/donations/new', label: v.t('nav.newDonation'), show: can(actor, 'donation.create') },
    { href: '/donations', label: v.t('nav.donations'), show: can(actor, 'device.read') },
    { href: '/scan', label: v.t('nav.scan'), show: can(actor, 'device.read') },
    { href: '/labels', label: v.t('nav.labels'), show: can(actor, 'device.read') },
    { href: '/workshop', label: v.t('nav.workshop'), show: can(actor, 'device.read') },
    { href: '/equipment', label: v.t('nav.equipment'), show: can(actor, 'asset.read') },
    { href: '/users', label: v.t('nav.users'), show: can(actor, 'volunteer.manage') },
    { href: '/programme', label: v.t('nav.programme'), show: can(actor, 'programme.manage') },
    { href: '/hubs/identity', label: v.t('nav.hubIdentity'), show: can(actor, 'hub.manage') },
    { href: '/tokens', label: v.t('nav.tokens'), show: can(actor, 'token.manage') },
    { href: '/admin/privacy', label: v.t('nav.privacy'), show: can(actor, 'person.erase') },
    { href: '/admin/audit', label: v.t('nav.audit'), show: can(actor, 'audit.read') },
    { href: '/requests', label: v.t('nav.requests'), show: can(actor, 'request.read') && isStaff(actor) },
    { href: '/partners', label: v.t('nav.partners'), show: can(actor, 'partner.read') },
    { href: '/transfers', label: v.t('nav.transfers'), show: can(actor, 'transfer.read') },
    { href: '/figures', label: v.t('nav.figures'), show: can(actor, 'figures.read') },
    { href: '/portal', label: v.t('nav.portal'), show: can(actor, 'portal.use') },
  ];
}

/** The unread count beside the inbox link (nothing when there is none). */
export function UnreadBadge({ v }: { v: View }) {
  if (!v.unread) return null;
  const label = translatePlural(v.locale, 'inbox.badge', { count: v.unread });
  return (
    <span class="badge unread" title={label}>
      <span aria-hidden="true">{v.unread}</span>
      <span class="sr-only">{label}</span>
    </span>
  );
}

/**
 * The page around a body. `current` (the nav link marked as the current page, default the path) and
 * `badge` (what follows the inbox link) let src/http/render.tsx render this shell once per language and
 * role, with markers where each request's own values go.
 */
export function Layout(props: { v: View; title: string; children?: Child; wide?: boolean; current?: string; badge?: Child }) {
  const { v } = props;
  const other = v.locale === 'it' ? 'en' : 'it';
  return (
    <html lang={v.locale}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="color-scheme" content="light" />
        <meta name="theme-color" content="#0b5d1e" />
        <link rel="manifest" href="/manifest.webmanifest" />
        <link rel="icon" type="image/png" sizes="192x192" href={v.asset('icon-192.png')} />
        <link rel="apple-touch-icon" href={v.asset('apple-touch-icon.png')} />
        {v.user ? <meta name="csrf-token" content={v.csrf} /> : null}
        <title>{`${props.title} · Rigenera`}</title>
        <link rel="stylesheet" href={v.asset('app.css')} />
        <script src={v.asset('app.js')} defer></script>
      </head>
      <body>
        <a class="skip" href="#main">
          {v.t('nav.skip')}
        </a>
        <header class="top">
          <a class="brand" href="/">
            Rigenera
          </a>
          <nav aria-label={v.t('nav.main')}>
            <ul>
              {navItems(v)
                .filter((n) => n.show)
                .map((n) => (
                  <li>
                    <a href={n.href} aria-current={(props.current ?? v.path) === n.href ? 'page' : undefined}>
                      {n.label}
                      {n.href === '/inbox' ? (props.badge ?? <UnreadBadge v={v} />) : null}
                    </a>
                  </li>
                ))}
            </ul>
          </nav>
          <div class="top-tools">
            <form method="post" action="/lang" class="inline">
              <Csrf v={v} />
              <input type="hidden" name="locale" value={other} />
              <input type="hidden" name="back" value={v.path} />
              <button type="submit" class="link" lang={other}>
                {other === 'en' ? 'English' : 'Italiano'}
              </button>
            </form>
            {v.user ? (
              <form method="post" action="/logout" class="inline">
                <Csrf v={v} />
                <button type="submit" class="link">
                  {v.t('auth.logout')}
                </button>
              </form>
            ) : (
              <a href="/login">{v.t('auth.login')}</a>
            )}
          </div>
        </header>
        <main id="main" class={props.wide ? 'wide' : undefined}>
          {props.children}
        </main>
        <footer class="foot">
          <p>{v.t('footer.text')}</p>
        </footer>
      </body>
    </html>
  );
}
