/** A client's retry key and the first answer it got: the write kernel's own table. */
export interface IdempotencyTable {
  /** actor + scope + client key: two people cannot collide on each other's keys. */
  key: string;
  fingerprint: string;
  response: string;
  created_at: string;
}

export interface WriteTables {
  idempotency_keys: IdempotencyTable;
}
