/** Global setup of the api-contract project: a run starts with no observations from an earlier one. */
import { rmSync } from 'node:fs';
import { OBSERVED_DIR } from './api-observed';

export default function clearObservations() {
  rmSync(OBSERVED_DIR, { recursive: true, force: true });
}
