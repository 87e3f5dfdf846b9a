import type { IncomingMessage } from 'node:http';
import type { Context } from 'hono';

/**
 * A request header, as `c.req.header(name)` answers it (`name` in lower case). Under the Node server it
 * is read from Node's own request: asking the Fetch API's Request for any header builds a Headers object
 * of all of them, which cost a passport more than reading the two it needs. Repeated headers are joined
 * as a Headers object joins them: a cookie's with "; ", any other's with ", ".
 */
export function requestHeader(c: Context, name: string): string | undefined {
  const raw = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming?.rawHeaders;
  if (!raw) return c.req.header(name);
  let value: string | undefined;
  for (let i = 0; i < raw.length; i += 2) {
    const key = raw[i]!;
    if (key.length !== name.length || key.toLowerCase() !== name) continue;
    value = value === undefined ? raw[i + 1]! : `${value}${name === 'cookie' ? '; ' : ', '}${raw[i + 1]!}`;
  }
  return value;
}
