import { Hono } from 'hono';
import type { AppEnv } from '../http/env';
import { viewOf } from '../http/render';

export const pwaRoutes = new Hono<AppEnv>();

export const THEME_COLOR = '#0b5d1e';

/**
 * The web app manifest: with it a phone offers to put Rigenera on its home screen, where it opens
 * full screen on the scan page's doorstep. Icons are the app's own files (views/assets), in the
 * person's language.
 */
pwaRoutes.get('/manifest.webmanifest', (c) => {
  const v = viewOf(c);
  const manifest = {
    id: '/',
    name: 'Rigenera',
    short_name: 'Rigenera',
    description: v.t('pwa.description'),
    lang: v.locale,
    start_url: '/',
    scope: '/',
    display: 'standalone',
    orientation: 'any',
    background_color: '#ffffff',
    theme_color: THEME_COLOR,
    icons: [
      { src: v.asset('icon-192.png'), sizes: '192x192', type: 'image/png', purpose: 'any' },
      { src: v.asset('icon-512.png'), sizes: '512x512', type: 'image/png', purpose: 'any' },
      { src: v.asset('icon-maskable-512.png'), sizes: '512x512', type: 'image/png', purpose: 'maskable' },
    ],
    shortcuts: [
      { name: v.t('nav.scan'), url: '/scan', icons: [{ src: v.asset('icon-192.png'), sizes: '192x192', type: 'image/png' }] },
      { name: v.t('nav.newDonation'), url: '/donations/new', icons: [{ src: v.asset('icon-192.png'), sizes: '192x192', type: 'image/png' }] },
    ],
  };
  c.header('Content-Type', 'application/manifest+json; charset=utf-8');
  c.header('Cache-Control', 'public, max-age=3600');
  return c.body(JSON.stringify(manifest));
});
