import { Hono } from 'hono';
import type { AppEnv } from '../http/env';

export const erasureRoutes = new Hono<AppEnv>();
