/**
 * How long each text parser takes on crafted inputs of the largest accepted size (1 MB nwipe log,
 * 4,000,000-character tool outputs): `npm run bench:parsers`. Each case runs a few times; the figure
 * is the slowest run. The machine is shared: the figures are noisy, their order of magnitude is what counts.
 */
import { parseNwipeLog } from '../src/erasure/nwipe';
import { parseDmidecode } from '../src/hardware/dmidecode';
import { parseLscpu } from '../src/hardware/lscpu';
import { parseSmartctl } from '../src/hardware/smartctl';
import { PATHOLOGICAL } from '../test/support/pathological';

const PARSERS: Record<keyof typeof PATHOLOGICAL, (text: string) => unknown> = {
  nwipe: parseNwipeLog,
  smartctl: parseSmartctl,
  lscpu: parseLscpu,
  dmidecode: parseDmidecode,
};

const RUNS = 3;
for (const [parser, cases] of Object.entries(PATHOLOGICAL) as [keyof typeof PATHOLOGICAL, [string, string][]][]) {
  for (const [name, text] of cases) {
    let worst = 0;
    for (let i = 0; i < RUNS; i++) {
      const start = performance.now();
      try {
        PARSERS[parser](text);
      } catch {
        // A refusal (not a log, not lscpu) is an answer too: its time is what is measured.
      }
      worst = Math.max(worst, performance.now() - start);
    }
    console.log(`${parser.padEnd(10)} ${name.padEnd(36)} ${(text.length / 1e6).toFixed(2)} MB  ${worst.toFixed(1)} ms`);
  }
}
