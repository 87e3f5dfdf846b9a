import type { Generated } from 'kysely';
import type { Role } from '../access/roles';

export interface UserTable {
  id: Generated<number>;
  email: string;
  name: string;
  password_hash: string | null;
  role: Role;
  hub_id: number | null;
  partner_id: number | null;
  locale: 'it' | 'en';
  created_at: string;
  created_by: number | null;
  disabled_at: string | null;
  /** Set when an administrator erased the person: name and email are replaced, the row stays for counts. */
  erased_at: string | null;
}

export interface SessionTable {
  /** sha256 of the cookie value: a database leak does not hand out live sessions. */
  id: string;
  user_id: number;
  created_at: string;
  last_seen_at: string;
  expires_at: string;
}

export interface ApiTokenTable {
  id: Generated<number>;
  token_hash: string;
  label: string;
  role: Role;
  hub_id: number | null;
  partner_id: number | null;
  created_by: number | null;
  created_at: string;
  last_used_at: string | null;
  /** The client address of the last use: a use from another one goes to the audit log. */
  last_used_ip: string | null;
  revoked_at: string | null;
}

export interface OneTimeLinkTable {
  token_hash: string;
  purpose: 'setup' | 'welcome';
  user_id: number | null;
  created_at: string;
  expires_at: string;
  used_at: string | null;
}

export interface LoginThrottleTable {
  /** "email:<address>" or "ip:<address>" */
  key: string;
  failures: number;
  last_failure_at: string;
  locked_until: string | null;
}

export interface AuthTables {
  users: UserTable;
  sessions: SessionTable;
  api_tokens: ApiTokenTable;
  one_time_links: OneTimeLinkTable;
  login_throttle: LoginThrottleTable;
}
