/**
 * Crafted inputs of the largest accepted size for each text parser: lines that make a backtracking
 * regular expression take quadratic (or worse) time. Shared by test/parsers-bounded.test.ts and
 * scripts/bench-parsers.ts.
 */
import { MAX_LOG_BYTES } from '../../src/erasure/service';

/** A hardware report's tool output is at most 4,000,000 characters (src/hardware/schema.ts). */
export const MAX_TOOL_TEXT = 4_000_000;

const fill = (prefix: string, unit: string, size: number, suffix = '') => prefix + unit.repeat(Math.max(0, Math.floor((size - prefix.length - suffix.length) / unit.length))) + suffix;

const STATUS_HEADER = '********************************* Drive Status *********************************\n!   Device | Status | Thru-put | HH:MM:SS | Model/Serial Number\n';

export const PATHOLOGICAL: Record<'nwipe' | 'smartctl' | 'lscpu' | 'dmidecode', [string, string][]> = {
  nwipe: [
    // A throughput cell of digits that never ends in "B/s" (the freeze the issue describes).
    ['throughput cell of digits', fill(`[2023/01/24 13:35:06]  notice: Found /dev/sda,  ATA, X, 320 GB, S/N=A\n${STATUS_HEADER}       sda | Erased | `, '1', MAX_LOG_BYTES, ' | 02:13:09 | X/A\n')],
    ['one line of spaces', fill('[2023/01/24 13:35:06]  notice: Found /dev/sda, ', ' ', MAX_LOG_BYTES, 'x')],
    ['a Found line of commas', fill('[2023/01/24 13:35:06]  notice: Found /dev/sda, ', ',', MAX_LOG_BYTES)],
    ['many short table rows', fill(`[2023/01/24 13:35:06]  notice: Found /dev/sda,  ATA, X, 320 GB, S/N=A\n${STATUS_HEADER}`, ' sda | Erased | 1111111111 | 1:1:1 | a/b\n', MAX_LOG_BYTES)],
    ['blank lines', fill('[2023/01/24 13:35:06]  notice: Found /dev/sda,  ATA, X, 320 GB, S/N=A\n', ' \n', MAX_LOG_BYTES)],
  ],
  smartctl: [
    ['blank lines after a label', fill('smartctl 7.3\nSerial Number: A\n', '\n', MAX_TOOL_TEXT)],
    ['lines of blanks', fill('smartctl 7.3\nSerial Number: A\n', ' \t \n', MAX_TOOL_TEXT)],
    ['an attribute row that never ends', fill('smartctl 7.3\nSerial Number: A\n  9 Power_On_Hours ', ' ', MAX_TOOL_TEXT, 'x')],
    ['one long line without a colon', fill('smartctl 7.3\n', 'a', MAX_TOOL_TEXT)],
  ],
  lscpu: [
    ['a line of spaces without a colon', fill('Architecture: x86_64\n', ' ', MAX_TOOL_TEXT, 'x')],
    ['many lines without a colon', fill('Architecture: x86_64\n', '  x\n', MAX_TOOL_TEXT)],
  ],
  dmidecode: [
    ['a field line without a colon', fill('Handle 0x0001, DMI type 1, 27 bytes\nSystem Information\n\t', 'a', MAX_TOOL_TEXT)],
    ['a size of digits', fill('Handle 0x0011, DMI type 17, 40 bytes\nMemory Device\n\tSize: ', '1', MAX_TOOL_TEXT, 'x')],
    ['many handles', fill('', 'Handle 0x0001, DMI type 17, 40 bytes\nMemory Device\n\tSize: 8 GB\n', MAX_TOOL_TEXT)],
  ],
};
