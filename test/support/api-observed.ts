/**
 * What the suite asked of /api/v1 and what the app answered: method, path, status and media type,
 * recorded on the server side of every test context (RIGENERA_API_OBSERVE=1, set by the sqlite and
 * postgres projects) and appended as JSON lines, one file per worker process, at the end of each
 * test file. test/contract/openapi-observed.test.ts compares them with the OpenAPI document.
 */
import { appendFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const OBSERVED_DIR = fileURLToPath(new URL('../../test-results/api-observed/', import.meta.url));

export type Observation = { method: string; path: string; status: number; type: string | null; db: string };

const recording = process.env.RIGENERA_API_OBSERVE === '1';
let pending: string[] = [];

/** The media type without its parameters (`text/csv; charset=utf-8` → `text/csv`), or null without a body. */
export function mediaType(contentType: string | null): string | null {
  const type = contentType?.split(';', 1)[0]!.trim().toLowerCase();
  return type ? type : null;
}

type Fetch = (request: Request, ...rest: any[]) => Response | Promise<Response>;

/** Wraps the app's fetch (which app.request calls too) so that every /api/v1 answer is noted. */
export function observeApi(app: { fetch: Fetch }): void {
  if (!recording) return;
  const inner = app.fetch;
  app.fetch = async (request: Request, ...rest: any[]) => {
    const response = await inner(request, ...rest);
    const path = new URL(request.url).pathname;
    if (path === '/api/v1' || path.startsWith('/api/v1/')) {
      const seen: Observation = { method: request.method, path, status: response.status, type: mediaType(response.headers.get('content-type')), db: process.env.RIGENERA_TEST_DB ?? 'sqlite' };
      pending.push(`${JSON.stringify(seen)}\n`);
    }
    return response;
  };
}

/** Appends what this test file saw to this worker's file (run after each file by the setup file). */
export function flushApiObservations(): void {
  if (!recording || pending.length === 0) return;
  mkdirSync(OBSERVED_DIR, { recursive: true });
  appendFileSync(join(OBSERVED_DIR, `${process.env.RIGENERA_TEST_DB ?? 'sqlite'}-${process.pid}.jsonl`), pending.join(''));
  pending = [];
}
