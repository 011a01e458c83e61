import type { DbQueryable } from '../db/types.ts';

/** A column and the SQL type jsonb_to_recordset reads it as. */
export type ColumnSpec = readonly [name: string, type: string];

/**
 * One multi-row INSERT per batch: the rows travel as a single JSON parameter and Postgres unpacks
 * them with jsonb_to_recordset. That is one statement and one round trip for thousands of rows, far
 * faster than row-by-row inserts on PGlite, and it needs no per-driver array encoding.
 */
export async function insertRows(
  q: DbQueryable,
  table: string,
  columns: readonly ColumnSpec[],
  rows: readonly object[],
  /** The write's version for synced tables; null for tables that are not synced (teams). */
  version: number | null,
): Promise<void> {
  if (rows.length === 0) return;
  const names = columns.map(([name]) => name).join(', ');
  const types = columns.map(([name, type]) => `${name} ${type}`).join(', ');
  const from = `from jsonb_to_recordset($1::jsonb) as r(${types})`;
  if (version === null) {
    await q.query(`insert into ${table} (${names}) select ${names} ${from}`, [JSON.stringify(rows)]);
    return;
  }
  await q.query(`insert into ${table} (${names}, version) select ${names}, $2 ${from}`, [
    JSON.stringify(rows),
    version,
  ]);
}

export const TEAM_COLUMNS: readonly ColumnSpec[] = [
  ['id', 'uuid'],
  ['name', 'text'],
  ['created_at', 'bigint'],
];

export const AGENT_INSERT_COLUMNS: readonly ColumnSpec[] = [
  ['id', 'uuid'],
  ['username', 'text'],
  ['display_name', 'text'],
  ['role', 'text'],
  ['team_id', 'uuid'],
  ['password_hash', 'text'],
  ['created_at', 'bigint'],
  ['updated_at', 'bigint'],
];

export const CUSTOMER_INSERT_COLUMNS: readonly ColumnSpec[] = [
  ['id', 'uuid'],
  ['name', 'text'],
  ['phone', 'text'],
  ['email', 'text'],
  ['address', 'text'],
  ['id_number', 'text'],
  ['health_notes', 'text'],
  ['phone_index', 'text'],
  ['loyalty_tier', 'text'],
  ['flags', 'jsonb'],
  ['created_at', 'bigint'],
  ['updated_at', 'bigint'],
];

export const ORDER_INSERT_COLUMNS: readonly ColumnSpec[] = [
  ['id', 'uuid'],
  ['order_no', 'text'],
  ['customer_id', 'uuid'],
  ['product_line', 'text'],
  ['items', 'jsonb'],
  ['total', 'bigint'],
  ['status', 'text'],
  ['placed_at', 'bigint'],
  ['updated_at', 'bigint'],
];

export const TICKET_INSERT_COLUMNS: readonly ColumnSpec[] = [
  ['id', 'uuid'],
  ['number', 'text'],
  ['channel', 'text'],
  ['category', 'text'],
  ['root_cause', 'text'],
  ['status', 'text'],
  ['priority', 'text'],
  ['priority_reasons', 'jsonb'],
  ['subject', 'text'],
  ['customer_id', 'uuid'],
  ['order_id', 'uuid'],
  ['product_line', 'text'],
  ['team_id', 'uuid'],
  ['assignee_id', 'uuid'],
  ['tags', 'jsonb'],
  ['created_at', 'bigint'],
  ['updated_at', 'bigint'],
  ['first_response_at', 'bigint'],
  ['resolved_at', 'bigint'],
  ['first_response_due_at', 'bigint'],
  ['resolution_due_at', 'bigint'],
  ['last_customer_message_at', 'bigint'],
  ['next_callback', 'jsonb'],
];

export const EVENT_INSERT_COLUMNS: readonly ColumnSpec[] = [
  ['id', 'uuid'],
  ['ticket_id', 'uuid'],
  ['kind', 'text'],
  ['author_type', 'text'],
  ['author_id', 'uuid'],
  ['created_at', 'bigint'],
  ['payload', 'jsonb'],
];
