import type { DeviceType } from '../../src/devices/device-types';
import type { DeviceState, DiagnosisOutcome } from '../../src/lifecycle/lifecycle';

/**
 * A device as its page shows it (the page, its action forms, its erasure and parts sections): built
 * field by field by devices/service.ts#deviceView, so a column added to the table reaches no page by
 * accident and no view depends on the repository's row.
 */
export type DeviceView = {
  tag: string;
  hub_id: number;
  hub_name: string;
  donation_id: number | null;
  type: DeviceType;
  brand: string | null;
  model: string | null;
  serial: string | null;
  weight_kg: number | null;
  /** 1 yes, 0 no, null not known yet. */
  has_storage: number | null;
  condition_note: string | null;
  state: DeviceState;
  outcome: DiagnosisOutcome | null;
  cycle: number;
  /** What a form sends back as expectedVersion. */
  version: number;
  os: string | null;
  recipient: string | null;
  delivery_document: string | null;
  request_id: number | null;
  delivery_id: number | null;
  received_at: string;
};
