/** `lscpu` text: the processor model, cores, threads and whether it runs 64-bit code. */
import { clean, num } from './clean';
import { refuse } from './input';
import { boundedLines, labelled } from './lines';

export type LscpuFacts = { model: string | null; cores: number | null; threads: number | null; is64bit: boolean | null };

export function parseLscpu(text: string): LscpuFacts {
  const fields = new Map<string, string>();
  for (const line of boundedLines(text)) {
    const m = labelled(line);
    if (m) fields.set(m[0].toLowerCase(), m[1]);
  }
  if (!fields.has('architecture') && !fields.has('model name') && !fields.has('cpu(s)')) refuse('lscpu', 'unrecognised');
  const perCore = num(fields.get('thread(s) per core'));
  const perSocket = num(fields.get('core(s) per socket'));
  const sockets = num(fields.get('socket(s)')) ?? 1;
  const cpus = num(fields.get('cpu(s)'));
  const opModes = fields.get('cpu op-mode(s)') ?? '';
  const flags = ` ${fields.get('flags') ?? ''} `;
  const arch = fields.get('architecture') ?? '';
  let is64bit: boolean | null = null;
  if (/64-bit/.test(opModes) || flags.includes(' lm ') || /^(x86_64|aarch64|ppc64|s390x|riscv64)/.test(arch)) is64bit = true;
  else if (opModes || arch) is64bit = false;
  return {
    model: clean(fields.get('model name')),
    cores: perSocket !== null ? perSocket * sockets : null,
    threads: cpus ?? (perSocket !== null && perCore !== null ? perSocket * perCore * sockets : null),
    is64bit,
  };
}
