/** Setup file of the sqlite and postgres projects: each test file's /api/v1 observations are written when it ends. */
import { afterAll } from 'vitest';
import { flushApiObservations } from './api-observed';

afterAll(() => flushApiObservations());
