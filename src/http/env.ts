import type { HttpBindings } from '@hono/node-server';
import type { Actor } from '../access/policy';
import type { SessionUser } from '../auth/service';
import type { AppContext } from '../context';
import type { Locale, Translate } from '../i18n/catalogue';

/** What every request carries through the middleware into handlers. */
export type AppEnv = {
  Bindings: Partial<HttpBindings>;
  Variables: {
    ctx: AppContext;
    user: SessionUser | null;
    actor: Actor | null;
    locale: Locale;
    t: Translate;
    /** The double-submit token every form carries. */
    csrf: string;
    isApi: boolean;
    /** Set-Cookie values for the answer, in order (http/cookies.ts#writeCookie); unset until the first. */
    cookies: string[] | undefined;
  };
};
