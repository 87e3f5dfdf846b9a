import { Hono } from 'hono';
import type { AppEnv } from '../http/env';

export const workshopRoutes = new Hono<AppEnv>();
