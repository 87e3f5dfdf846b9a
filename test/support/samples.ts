/** The real tool outputs in ../shared/samples (see SOURCES.md), read as they are. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const SAMPLES = join(import.meta.dirname, '..', '..', '..', 'shared', 'samples');

export const sample = (path: string) => readFileSync(join(SAMPLES, path), 'utf8');
export const sampleJson = (path: string) => JSON.parse(sample(path)) as unknown;

export const NWIPE_LOG = 'wipe/nwipe_log_example.txt';
export const DELL = {
  lshw: 'hardware/dell-latitude-e7240.lshw.json',
  smartctl: 'hardware/dell-latitude-e7240.smartctl.json',
  dmidecode: 'hardware/dell-latitude-e7240.dmidecode.txt',
};
