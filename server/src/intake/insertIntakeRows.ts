import type { DbTx } from '../db/types.ts';
import {
  CUSTOMER_INSERT_COLUMNS,
  EVENT_INSERT_COLUMNS,
  TICKET_INSERT_COLUMNS,
  type ColumnSpec,
} from '../seed/insertRows.ts';

const DELIVERY_COLUMNS: readonly ColumnSpec[] = [
  ['channel', 'text'],
  ['external_id', 'text'],
  ['ticket_id', 'uuid'],
  ['created_at', 'bigint'],
];

/** The rows one intake batch adds; keys are column names, as seed/insertRows.ts takes them. */
export interface IntakeRows {
  customers: readonly object[];
  tickets: readonly object[];
  events: readonly object[];
  deliveries: readonly object[];
}

/** `insert … select … from jsonb_to_recordset(<rows>)`, the rows' version from `version` when given. */
function insertFromJson(table: string, columns: readonly ColumnSpec[], rows: string, version?: string) {
  const names = columns.map(([name]) => name).join(', ');
  const types = columns.map(([name, type]) => `${name} ${type}`).join(', ');
  const target = version ? `${names}, version` : names;
  const values = version ? `${names}, ${version}` : names;
  return `insert into ${table} (${target}) select ${values} from jsonb_to_recordset(${rows}::jsonb) as r(${types})`;
}

const INSERT_INTAKE_ROWS = `with new_customers as (${insertFromJson('customers', CUSTOMER_INSERT_COLUMNS, '$1', '$5')}),
     new_tickets as (${insertFromJson('tickets', TICKET_INSERT_COLUMNS, '$2', '$5')}),
     first_messages as (${insertFromJson('ticket_events', EVENT_INSERT_COLUMNS, '$3', '$5')})
   ${insertFromJson('intake_deliveries', DELIVERY_COLUMNS, '$4')}`;

/**
 * Every row of an intake batch in ONE statement (each table's rows as one jsonb parameter, as
 * seed/insertRows.ts does per table), because each round trip has a fixed cost (protocol, parse,
 * plan) that on PGlite rivals the inserts themselves. Tickets may name customers inserted by the
 * same statement: foreign keys are checked at the end of the statement, when all its rows exist.
 */
export async function insertIntakeRows(tx: DbTx, version: number, rows: IntakeRows): Promise<void> {
  await tx.query(INSERT_INTAKE_ROWS, [
    JSON.stringify(rows.customers),
    JSON.stringify(rows.tickets),
    JSON.stringify(rows.events),
    JSON.stringify(rows.deliveries),
    version,
  ]);
}
