import { createHash } from 'node:crypto';
import type { Kysely, Transaction } from 'kysely';
import { containsInsensitive } from '../db/adapter';
import type { Database } from '../db/schema';

type Db = Kysely<Database> | Transaction<Database>;

/** What replaces a name: the row stays (counts, documents and history refer to it), the person does not. */
export const ERASED_NAME = '—';

const LIMIT = 25;

export function findDonors(db: Kysely<Database>, q: string) {
  return db
    .selectFrom('donors')
    .select(['id', 'kind', 'name', 'tax_code', 'email', 'phone', 'created_at'])
    .select((eb) =>
      eb
        .selectFrom('donations')
        .select((e) => e.fn.countAll<number>().as('n'))
        .whereRef('donations.donor_id', '=', 'donors.id')
        .as('donations'),
    )
    .where('erased_at', 'is', null)
    .where((eb) =>
      eb.or([containsInsensitive(db, eb.ref('name'), q), containsInsensitive(db, eb.ref('email'), q), containsInsensitive(db, eb.ref('tax_code'), q), containsInsensitive(db, eb.ref('phone'), q)]),
    )
    .orderBy('id')
    .limit(LIMIT)
    .execute();
}

export function findContacts(db: Kysely<Database>, q: string) {
  return db
    .selectFrom('partner_contacts')
    .innerJoin('partners', 'partners.id', 'partner_contacts.partner_id')
    .select([
      'partner_contacts.id',
      'partner_contacts.partner_id',
      'partner_contacts.name',
      'partner_contacts.role',
      'partner_contacts.email',
      'partner_contacts.phone',
      'partners.name as partner_name',
    ])
    .where('partner_contacts.erased_at', 'is', null)
    .where((eb) =>
      eb.or([containsInsensitive(db, eb.ref('partner_contacts.name'), q), containsInsensitive(db, eb.ref('partner_contacts.email'), q), containsInsensitive(db, eb.ref('partner_contacts.phone'), q)]),
    )
    .orderBy('partner_contacts.id')
    .limit(LIMIT)
    .execute();
}

export function findUsers(db: Kysely<Database>, q: string) {
  return db
    .selectFrom('users')
    .leftJoin('hubs', 'hubs.id', 'users.hub_id')
    .select(['users.id', 'users.name', 'users.email', 'users.role', 'hubs.code as hub_code', 'users.disabled_at'])
    .where('users.erased_at', 'is', null)
    .where((eb) => eb.or([containsInsensitive(db, eb.ref('users.name'), q), containsInsensitive(db, eb.ref('users.email'), q)]))
    .orderBy('users.id')
    .limit(LIMIT)
    .execute();
}

export function findBorrowers(db: Kysely<Database>, q: string) {
  return db
    .selectFrom('asset_loans')
    .innerJoin('assets', 'assets.id', 'asset_loans.asset_id')
    .select(['asset_loans.id', 'asset_loans.borrower_name', 'asset_loans.lent_at', 'asset_loans.returned_at', 'asset_loans.lost_at', 'assets.tag'])
    .where('asset_loans.erased_at', 'is', null)
    .where('asset_loans.borrower_name', 'is not', null)
    .where((eb) => containsInsensitive(db, eb.ref('asset_loans.borrower_name') as never, q))
    .orderBy('asset_loans.id')
    .limit(LIMIT)
    .execute();
}

export function findDonor(db: Db, id: number) {
  return db.selectFrom('donors').select(['id', 'kind', 'name', 'tax_code', 'email', 'phone', 'erased_at']).where('id', '=', id).executeTakeFirst();
}

export function findContact(db: Db, id: number) {
  return db.selectFrom('partner_contacts').select(['id', 'partner_id', 'name', 'email', 'phone', 'erased_at']).where('id', '=', id).executeTakeFirst();
}

export function findLoan(db: Db, id: number) {
  return db.selectFrom('asset_loans').select(['id', 'borrower_name', 'returned_at', 'lost_at', 'erased_at']).where('id', '=', id).executeTakeFirst();
}

export async function eraseDonor(db: Db, id: number, at: string) {
  const r = await db.updateTable('donors').set({ name: ERASED_NAME, tax_code: null, email: null, phone: null, erased_at: at }).where('id', '=', id).where('erased_at', 'is', null).executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}

/** The account stays (events and documents name it), unusable and nameless: a unique address that reaches no one. */
export async function eraseContact(db: Db, id: number, at: string) {
  await db.updateTable('partner_contacts').set({ name: ERASED_NAME, role: null, email: null, phone: null, erased_at: at }).where('id', '=', id).execute();
}

export async function eraseBorrower(db: Db, loanId: number, at: string) {
  await db.updateTable('asset_loans').set({ borrower_name: null, erased_at: at }).where('id', '=', loanId).execute();
}

export function findUser(db: Db, id: number) {
  return db.selectFrom('users').select(['id', 'name', 'email', 'role', 'erased_at']).where('id', '=', id).executeTakeFirst();
}

export async function eraseUser(db: Db, id: number, at: string) {
  const r = await db
    .updateTable('users')
    .set((eb) => ({ name: ERASED_NAME, email: `erased-${id}@erased.invalid`, password_hash: null, disabled_at: eb.fn.coalesce('disabled_at', eb.val(at)), erased_at: at }))
    .where('id', '=', id)
    .where('erased_at', 'is', null)
    .executeTakeFirst();
  if (Number(r.numUpdatedRows) !== 1) return false;
  await db.deleteFrom('sessions').where('user_id', '=', id).execute();
  await db.deleteFrom('one_time_links').where('user_id', '=', id).execute();
  await db.updateTable('api_tokens').set({ revoked_at: at }).where('created_by', '=', id).where('revoked_at', 'is', null).execute();
  return true;
}

/** The login throttle keeps failures by e-mail address: the erased person's goes. */
export function forgetThrottle(db: Db, email: string) {
  return db.deleteFrom('login_throttle').where('key', '=', `email:${email.trim().toLowerCase()}`).execute();
}

/** Erasure records that name the person as who did the work now name their role. */
export function renameErasureWorker(db: Db, name: string, role: string) {
  return db.updateTable('erasures').set({ performed_by_name: role }).where('performed_by_name', '=', name).execute();
}

/**
 * Issued certificates keep a snapshot of what they said. The person's name, wherever it is a whole
 * value in one, becomes what replaces them (a role for a worker, nothing for a donor, which the
 * certificate shows as a person erased on request).
 */
export async function scrubCertificates(db: Db, name: string, replacement: string) {
  if (name.trim().length < 3) return;
  const needle = JSON.stringify(name);
  const rows = await db
    .selectFrom('certificates')
    .select(['id', 'snapshot'])
    .where((eb) => containsInsensitive(db as Kysely<Database>, eb.ref('snapshot'), needle))
    .execute();
  for (const r of rows) {
    const snapshot = r.snapshot.split(needle).join(JSON.stringify(replacement));
    if (snapshot === r.snapshot) continue;
    // The hash is of the content as stored: the same content asked for again finds this certificate.
    await db
      .updateTable('certificates')
      .set({ snapshot, content_hash: createHash('sha256').update(snapshot).digest('hex') })
      .where('id', '=', r.id)
      .execute();
  }
}

/**
 * A spreadsheet import keeps its rows as read (imports/): the person's name, tax code, e-mail or
 * phone are taken out of them wherever they appear, as whole cell values.
 */
export async function scrubImports(db: Db, values: (string | null)[]) {
  const needles = values.filter((v): v is string => !!v && v.trim().length >= 3);
  if (needles.length === 0) return;
  const encoded = needles.map((v) => JSON.stringify(v));
  const replace = (text: string | null) => {
    if (!text) return text;
    let out = text;
    for (const e of encoded) out = out.split(e).join(JSON.stringify(ERASED_NAME));
    return out;
  };
  for (const needle of needles) {
    const rows = await db
      .selectFrom('import_rows')
      .select(['import_id', 'row_number', 'cells'])
      .where((eb) => containsInsensitive(db as Kysely<Database>, eb.ref('cells'), needle))
      .execute();
    for (const r of rows) {
      const cells = replace(r.cells);
      if (cells !== r.cells) await db.updateTable('import_rows').set({ cells: cells! }).where('import_id', '=', r.import_id).where('row_number', '=', r.row_number).execute();
    }
    const imports = await db
      .selectFrom('imports')
      .select(['id', 'defaults'])
      .where((eb) => containsInsensitive(db as Kysely<Database>, eb.ref('defaults') as never, needle))
      .execute();
    for (const i of imports) {
      const defaults = replace(i.defaults);
      if (defaults !== i.defaults) await db.updateTable('imports').set({ defaults }).where('id', '=', i.id).execute();
    }
  }
}
