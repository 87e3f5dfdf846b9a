/**
 * Start-up wiring: every feature registers what it adds to device actions (devices/registry.ts).
 * Imported for its effect wherever a context is built (the app, boot, the tests' context, scripts);
 * the kernel refuses to act until this has run. The order is the order steps and projections run in.
 */
import { registerDeliveries } from '../deliveries/service';
import { registerErasure } from '../erasure/plugin';
import { registerFigures } from '../figures/live';
import { registerReservation } from '../requests/reservation';
import { registerTransfers } from '../transfers/attach';
import { registerWorkshop } from '../workshop/evidence';
import { isWired, markWired } from './registry';

export function registerAll(): void {
  if (isWired()) return;
  registerErasure();
  registerWorkshop();
  registerFigures();
  registerReservation();
  registerTransfers();
  registerDeliveries();
  markWired();
}

registerAll();
