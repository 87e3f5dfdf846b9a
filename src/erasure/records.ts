/**
 * The erasure records an erase event writes, one per disk (or one for the device's storage when its
 * disks are not known), inside the event's own transaction.
 */
import type { Insertable, Transaction } from 'kysely';
import type { Actor } from '../access/policy';
import type { Database } from '../db/schema';
import type { ActionFields } from '../lifecycle/lifecycle';
import { insertErasures } from './repository';
import { actorUserId } from '../shared/write/actor';

/**
 * NIST SP 800-88 Rev. 1 (Table A-1 and section 2.5): overwriting through the drive's normal
 * interface is Clear; the drive's own sanitize, secure-erase or cryptographic-erase commands are
 * Purge; physical destruction is Destroy. An unknown method stays uncategorised.
 */
export function nistCategoryOf(method: string | null | undefined): 'clear' | 'purge' | 'destroy' | null {
  if (!method) return null;
  // A verify-only pass writes nothing: it is no sanitization at all.
  if (/^\s*verify[ _-]?(zero|one)/i.test(method)) return null;
  if (/(sanitize|secure.?erase|crypto|block.?erase|enhanced|format.*(nvm|secure))/i.test(method)) return 'purge';
  if (/(zero|prng|random|dod|gutmann|overwrite|fill|\bones?\b|ops-?ii|schneier|bruce|rcmp|hmg|is5)/i.test(method)) return 'clear';
  if (/(destr|shred|crush|drill|disintegrat|incinerat|degauss|pulveri)/i.test(method)) return 'destroy';
  return null;
}

export function erasureRows(fields: ActionFields['erase'], e: { deviceId: number; cycle: number; eventId: number; actor: Actor; at: string }): Insertable<Database['erasures']>[] {
  // A review writes an event, never records: the records it is about change standing in its transaction.
  if (fields.review) return [];
  const base = {
    standing: fields.standing ?? 'counts',
    device_id: e.deviceId,
    cycle: e.cycle,
    event_id: e.eventId,
    source: fields.source ?? 'manual',
    tool: fields.tool ?? null,
    performed_by_user_id: actorUserId(e.actor),
    at: e.at,
  };
  if (!fields.disks?.length) {
    return [
      {
        ...base,
        outcome: fields.verified ? 'erased' : 'unverified',
        method: fields.method,
        nist_category: fields.category ?? nistCategoryOf(fields.method),
        // The device's storage as a whole: only a coordinator's plain record, or one waiting for a coordinator.
        verified: fields.verified ? 1 : 0,
        verification: fields.verification ?? null,
        disk_serial: null,
        disk_model: null,
        disk_size_bytes: null,
        details: null,
      },
    ];
  }
  return fields.disks.map((d) => {
    const method = d.method ?? fields.method;
    const destroyed = d.outcome === 'destroyed';
    // A category is claimed only for a disk the evidence shows sanitized: never for a failed, unfinished or verify-only run.
    const sanitized = d.outcome === 'erased' || d.outcome === 'unverified';
    return {
      ...base,
      outcome: d.outcome,
      method,
      nist_category: destroyed ? 'destroy' : sanitized ? (fields.category ?? nistCategoryOf(method)) : null,
      verified: d.outcome === 'erased' || destroyed ? 1 : 0,
      disk_serial: d.serial,
      disk_model: d.model ?? null,
      disk_size_bytes: d.sizeBytes ?? null,
      disk_kind: d.kind ?? null,
      device_path: d.devicePath ?? null,
      status: d.status ?? null,
      rounds: d.rounds ?? null,
      verification: d.verification ?? fields.verification ?? null,
      duration_seconds: d.durationSeconds ?? null,
      throughput_mbs: d.throughputMBs ?? null,
      performed_by_name: d.performedBy ?? null,
      performed_at: d.performedAt ?? null,
      started_at: d.startedAt ?? null,
      operator_name: d.operator ?? null,
      details: d.keptAsPart || d.interrupted ? JSON.stringify({ ...(d.keptAsPart ? { keptAsPart: true } : {}), ...(d.interrupted ? { interrupted: true } : {}) }) : null,
    };
  });
}

export function recordErasures(trx: Transaction<Database>, fields: ActionFields['erase'], e: Parameters<typeof erasureRows>[1]) {
  return insertErasures(trx, erasureRows(fields, e));
}
