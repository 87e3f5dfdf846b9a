import type { PassportData } from '../../views/devices/passport';
import type { AppContext } from '../context';
import { findHubById } from '../hubs/repository';
import { erasureStatus } from '../lifecycle/lifecycle';
import { AppError } from '../shared/errors';
import * as repo from './repository';
import { guardFacts, requireTag, toLifecycle } from './service';

/**
 * The public passport: built field by field from an allow-list, so nothing personal (donor, people,
 * serials, notes) can reach it by accident when the device table grows.
 */
export async function getPassport(ctx: AppContext, rawTag: string): Promise<PassportData> {
  const tag = requireTag(rawTag);
  const device = await repo.findDeviceByTag(ctx.db, tag);
  if (!device) throw new AppError(404, 'tags.unknown', { tag });
  const hub = (await findHubById(ctx.db, device.hub_id))!;
  // The same facts as the guard: every disk the hardware report found must be erased, destroyed or removed.
  const erased = erasureStatus(toLifecycle(device), await guardFacts(ctx.db, device.id)).satisfied;
  const latest = erased && device.has_storage === 1 ? await repo.latestSafeErasure(ctx.db, device.id, device.cycle) : undefined;
  const refurbished = ['installed', 'ready', 'reserved', 'delivered'].includes(device.state);
  const [specs, refurbishment] = await Promise.all([repo.findPublicSpecs(ctx.db, device.id), refurbished ? repo.latestRefurbishment(ctx.db, device.id) : undefined]);
  return {
    tag: device.tag,
    type: device.type,
    brand: device.brand,
    model: device.model,
    state: device.state,
    os: refurbished ? device.os : null,
    hub: { name: hub.name, contact_email: hub.contact_email, contact_phone: hub.contact_phone, address: hub.address, comune: hub.comune, opening_hours: hub.opening_hours },
    erasure: latest ? { method: latest.method, at: latest.at } : null,
    refurbishedAt: refurbished ? (refurbishment?.at ?? device.updated_at) : null,
    specs: specs
      ? {
          cpu: specs.cpu_model,
          ramMb: specs.ram_mb,
          storageGb: specs.storage_gb,
          storageKind: specs.has_ssd === null ? null : specs.has_ssd ? 'ssd' : 'hdd',
          screenInches: specs.screen_inches,
        }
      : null,
  };
}
