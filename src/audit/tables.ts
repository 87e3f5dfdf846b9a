import type { Generated } from 'kysely';

/** What administrators did to accounts, roles and tokens. Read by administrators only. */
export interface AuditLogTable {
  id: Generated<number>;
  actor_user_id: number | null;
  action: string;
  target: string;
  data: string | null;
  at: string;
}

export interface AuditTables {
  audit_log: AuditLogTable;
}
