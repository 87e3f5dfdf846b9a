import type { Generated } from 'kysely';

export const OUTBOX_STATUSES = ['pending', 'sending', 'sent', 'failed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/** One e-mail to send, written in the transaction of the event that causes it. */
export interface OutboxTable {
  id: Generated<number>;
  kind: string;
  recipient_user_id: number | null;
  recipient_email: string;
  locale: 'it' | 'en';
  subject: string;
  /** Null once sent: a body may carry a one-time link, which should not stay at rest. */
  body: string | null;
  status: OutboxStatus;
  attempts: number;
  next_attempt_at: string;
  /** The worker that holds the row and until when; past that the row may be claimed again. */
  claimed_by: string | null;
  claimed_until: string | null;
  last_error: string | null;
  created_at: string;
  sent_at: string | null;
}

/** A staff member's inbox entry; rendered in the reader's language when shown. */
export interface NoticeTable {
  id: Generated<number>;
  user_id: number;
  kind: string;
  hub_id: number | null;
  /** JSON: the message's parameters (names of organisations, labels, dates); nothing the reader's role may not see. */
  params: string;
  /** A path inside the app. */
  link: string;
  created_at: string;
  read_at: string | null;
}

export interface NoticeMarkTable {
  key: string;
  created_at: string;
}

export interface MailTables {
  outbox: OutboxTable;
  notices: NoticeTable;
  notice_marks: NoticeMarkTable;
}
