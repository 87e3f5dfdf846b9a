import { Hono } from 'hono';
import type { AppEnv } from '../http/env';

export const hardwareRoutes = new Hono<AppEnv>();
