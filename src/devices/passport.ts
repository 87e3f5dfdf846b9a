import type { PassportData } from '../../views/devices/passport';
import type { AppContext } from '../context';
import { erasureStatus } from '../lifecycle/lifecycle';
import { AppError } from '../shared/errors';
import * as repo from './repository';
import { guardFacts, requireTag, toLifecycle } from './actions';

/**
 * The public passport: built field by field from an allow-list, so nothing personal (donor, people,
 * serials, notes) can reach it by accident when the device table grows.
 */
export async function getPassport(ctx: AppContext, rawTag: string): Promise<PassportData> {
  const tag = requireTag(rawTag);
  // The device, its hub, specs, latest erasure and refurbishment: one statement (repository.ts#findPassport).
  const device = await repo.findPassport(ctx.db, tag);
  if (!device) throw new AppError(404, 'tags.unknown', { tag });
  // The same facts as the guard: every disk the hardware report found must be erased, destroyed or removed.
  const specs = device.specs_device_id === null ? null : { specs: device.specs_json, updated_at: device.specs_updated_at! };
  const erased = erasureStatus(toLifecycle(device), await guardFacts(ctx.db, device.id, { cycle: device.cycle, specs })).satisfied;
  const latest = erased && device.has_storage === 1 && device.erasure_at !== null ? { method: device.erasure_method, at: device.erasure_at } : undefined;
  const refurbished = ['installed', 'ready', 'reserved', 'delivered'].includes(device.state);
  return {
    tag: device.tag,
    type: device.type,
    brand: device.brand,
    model: device.model,
    state: device.state,
    os: refurbished ? device.os : null,
    hub: { name: device.hub_name, contact_email: device.contact_email, contact_phone: device.contact_phone, address: device.address, comune: device.comune, opening_hours: device.opening_hours },
    erasure: latest ? { method: latest.method, at: latest.at } : null,
    refurbishedAt: refurbished ? (device.refurbished_at ?? device.updated_at) : null,
    specs:
      device.specs_device_id !== null
        ? {
            cpu: device.cpu_model,
            ramMb: device.ram_mb,
            storageGb: device.storage_gb,
            storageKind: device.has_ssd === null ? null : device.has_ssd ? 'ssd' : 'hdd',
            screenInches: device.screen_inches,
          }
        : null,
  };
}
