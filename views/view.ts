import type { SessionUser } from '../src/auth/service';
import type { Locale, Translate } from '../src/i18n/catalogue';

/** What every page needs to render: the language, the person, and the form token. */
export type View = {
  t: Translate;
  locale: Locale;
  user: SessionUser | null;
  csrf: string;
  path: string;
  /** Asset URLs carry a content hash so phones can cache them for good. */
  asset: (name: string) => string;
  /** Unread inbox entries of the person (staff only; 0 otherwise). */
  unread?: number;
};
