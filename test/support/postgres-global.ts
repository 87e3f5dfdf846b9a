import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { openDatabase } from '../../src/db/adapter';
import { migrateToLatest } from '../../src/db/migrate';
import { seedHubs } from '../../src/hubs/seed';
import { startCluster, type PgCluster } from './postgres-server';

export const TEMPLATE_DB = 'rigenera_template';

declare module 'vitest' {
  export interface ProvidedContext {
    pgBaseUrl: string;
  }
}

let cluster: PgCluster | undefined;

/**
 * Starts one cluster for the whole run (or uses RIGENERA_TEST_PG_URL's server) and prepares a migrated,
 * seeded template database; each test context clones it, which takes milliseconds.
 */
export async function setup(project: TestProject) {
  let admin = process.env.RIGENERA_TEST_PG_URL;
  if (!admin) {
    cluster = await startCluster();
    admin = cluster.url('postgres');
  }
  const client = new pg.Client({ connectionString: admin });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS ${TEMPLATE_DB}`);
  await client.query(`CREATE DATABASE ${TEMPLATE_DB}`);
  await client.end();
  const url = new URL(admin);
  url.pathname = `/${TEMPLATE_DB}`;
  const { db, close } = openDatabase(url.toString());
  await migrateToLatest(db);
  await seedHubs(db);
  await close();
  project.provide('pgBaseUrl', admin);
}

export async function teardown() {
  cluster?.stop();
}
