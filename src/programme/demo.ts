import type { AppContext } from '../context';
import { listHubs, updateHubIdentity } from '../hubs/public';
import { numericCheckDigit } from '../partners/codes';
import * as repo from './repository';

/** An 11-digit codice fiscale with a correct check digit, made from a number: for demo records only. */
export function demoTaxCode(n: number): string {
  const base = `9${String(n).padStart(9, '0')}`;
  return `${base}${numericCheckDigit(`${base}0`)}`;
}

/**
 * Demo identity, so that a newcomer sees complete documents: the programme's, if nobody set it, and
 * every hub's fields that are still empty. Real values, once typed, are never overwritten.
 */
export async function seedDemoIdentity(ctx: AppContext): Promise<void> {
  if (!(await repo.findProgramme(ctx.db))) {
    await repo.saveProgramme(ctx.db, {
      name: 'DigiPASS Umbria',
      body_name: 'Ente capofila DigiPASS Umbria (dati dimostrativi)',
      tax_code: demoTaxCode(1),
      address: 'Piazza della Repubblica 1, 06034 Foligno (PG)',
      pec: 'digipass.umbria@pec.example.org',
      legal_representative: 'Anna Verdi (demo)',
      privacy_controller: 'Ente capofila DigiPASS Umbria (dati dimostrativi)',
      privacy_contact: 'dpo.digipass@example.org',
      court: 'Perugia',
      updated_at: ctx.clock.now().toISOString(),
      updated_by_user_id: null,
    });
  }
  for (const [i, hub] of (await listHubs(ctx.db)).entries()) {
    await updateHubIdentity(ctx.db, hub.id, {
      address: hub.address ?? `Via della Repubblica ${i + 1}, ${hub.comune} (${hub.province})`,
      contact_email: hub.contact_email ?? `digipass.${hub.code.toLowerCase()}@example.org`,
      contact_phone: hub.contact_phone ?? `+39 075 000 ${String(100 + i).padStart(4, '0')}`,
      opening_hours: hub.opening_hours ?? 'lun–ven 9–13; mar e gio 15–18',
      responsible: hub.responsible ?? `Coordinatore demo ${hub.code}`,
    });
  }
}
