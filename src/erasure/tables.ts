import type { Generated } from 'kysely';

/** An nwipe/ShredOS log as uploaded, kept whole with the device, and what it was read as. */
export interface ErasureLogTable {
  id: Generated<number>;
  device_id: number;
  cycle: number;
  event_id: number;
  /** The same log uploaded twice for a device is recognised by its hash. */
  sha256: string;
  tool: string;
  tool_version: string | null;
  method: string | null;
  /** The log's own clock (the wiping machine's local time, without a zone). */
  started_at: string | null;
  finished_at: string | null;
  raw: string;
  /** JSON of the answer given when it was uploaded: a repeated upload answers it again. */
  response: string;
  uploaded_by_user_id: number | null;
  uploaded_by_token_id: number | null;
  at: string;
  /** JSON list of why the log does not fit the device (null: it fits); its records then count for nothing. */
  problems: string | null;
  operator_name: string | null;
}

/**
 * An issued certificate: a verification code anyone can check, and a snapshot of what it said.
 * The same content asked for again gets the same code; new records make a new certificate.
 */
export interface CertificateTable {
  id: Generated<number>;
  code: string;
  kind: 'device' | 'donation';
  device_id: number | null;
  donation_id: number | null;
  hub_id: number;
  content_hash: string;
  /** JSON of the certificate's content; the public check shows only its allow-listed fields. */
  snapshot: string;
  issued_by_user_id: number | null;
  issued_by_token_id: number | null;
  issued_at: string;
}

export interface ErasureTables {
  erasure_logs: ErasureLogTable;
  certificates: CertificateTable;
}
