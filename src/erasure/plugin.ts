/**
 * What erasure adds to device actions (wired in devices/plugins.ts): the facts the lifecycle's
 * erasure guard reads, and a manual erase record's fields.
 */
import { registerActionStep, registerFacts } from '../devices/registry';
import { erasureFacts } from './guard';
import { manualStanding } from './review';

export function registerErasure() {
  registerFacts(erasureFacts);
  registerActionStep('erase', {
    resolve: (_trx, device, input, actor) => ({
      method: input.method,
      verified: input.verified,
      tool: input.tool,
      category: input.category,
      verification: input.verification,
      source: 'manual',
      // A volunteer's record waits for a coordinator (erasure/review.ts).
      standing: manualStanding(actor, device.hub_id),
      disks: input.disks?.map((d) => ({ serial: d.serial, model: d.model ?? null, outcome: input.verified ? 'erased' : 'unverified' })),
      note: input.note,
    }),
  });
}
