/**
 * A list scope as a `where` clause: the one place repositories turn `ListScope` into SQL.
 * Each list names its hub column (or columns: a transfer belongs to the hub it leaves and the one it
 * reaches) and, if partners may list it, its partner column.
 */
import { sql, type SelectQueryBuilder, type SqlBool, type StringReference } from 'kysely';
import type { ListScope } from './scopes';

type Column<DB, TB extends keyof DB> = StringReference<DB, TB>;
export type ScopeColumns<DB, TB extends keyof DB> = { hub?: Column<DB, TB> | readonly Column<DB, TB>[]; partner?: Column<DB, TB> };

export function whereInScope<DB, TB extends keyof DB, O>(q: SelectQueryBuilder<DB, TB, O>, scope: ListScope, columns: ScopeColumns<DB, TB>): SelectQueryBuilder<DB, TB, O> {
  if (scope.kind === 'all') return q;
  const column = scope.kind === 'hub' ? columns.hub : scope.kind === 'partner' ? columns.partner : undefined;
  // No scope, or a scope this list has no column for: nothing to show.
  if (scope.kind === 'none' || column === undefined) return q.where(sql<SqlBool>`1 = 0`);
  const id = scope.kind === 'hub' ? scope.hubId : scope.partnerId;
  const equals = (c: Column<DB, TB>) => sql<SqlBool>`${sql.ref(c as string)} = ${id}`;
  if (typeof column === 'string') return q.where(equals(column as Column<DB, TB>));
  return q.where(sql<SqlBool>`(${sql.join((column as readonly Column<DB, TB>[]).map(equals), sql` or `)})`);
}
