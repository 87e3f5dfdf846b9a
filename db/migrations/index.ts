import type { Migration } from 'kysely';
import * as m0001 from './0001_backbone';
import * as m0002 from './0002_device_specs';
import * as m0003 from './0003_labels_scanning';
import * as m0004 from './0004_refurbishment';
import * as m0005 from './0005_redistribution';
import * as m0006 from './0006_hub_assets';
import * as m0007 from './0007_figures';
import * as m0008 from './0008_imports';
import * as m0009 from './0009_erasure_evidence';
import * as m0011 from './0011_hardening';
import * as m0012 from './0012_net_reuse';
import * as m0013 from './0013_identity';
import * as m0014 from './0014_outbox';
import * as m0015 from './0015_bench';
import * as m0016 from './0016_cluster';

/** Every migration, in order. A static list keeps the bundle self-contained (no directory scan at start). */
export const migrations: Record<string, Migration> = {
  '0001_backbone': m0001,
  '0002_device_specs': m0002,
  '0003_labels_scanning': m0003,
  '0004_refurbishment': m0004,
  '0005_redistribution': m0005,
  '0006_hub_assets': m0006,
  '0007_figures': m0007,
  '0008_imports': m0008,
  '0009_erasure_evidence': m0009,
  '0011_hardening': m0011,
  '0012_net_reuse': m0012,
  '0013_identity': m0013,
  '0014_outbox': m0014,
  '0015_bench': m0015,
  '0016_cluster': m0016,
};
