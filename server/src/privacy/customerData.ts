import type { Agent, Customer, Order, Ticket, TicketEvent } from '@shared/domain/index.ts';
import { writeTransaction } from '../db/beginWrite.ts';
import {
  CUSTOMER_COLUMNS,
  EVENT_COLUMNS,
  ORDER_COLUMNS,
  TICKET_COLUMNS,
  toCustomer,
  toEvent,
  toOrder,
  toTicket,
  type CustomerRow,
  type EventRow,
  type OrderRow,
  type TicketRow,
} from '../db/rows.ts';
import type { Db, DbQueryable } from '../db/types.ts';
import { recordAdminAction } from './privacyAudit.ts';

/** Everything the server holds about one customer, decrypted (a data subject access request). */
export interface CustomerExport {
  customer: Customer;
  orders: Order[];
  tickets: Ticket[];
  events: TicketEvent[];
  exportedAt: number;
}

const prefixed = (alias: string, columns: string) =>
  columns
    .split(',')
    .map((c) => `${alias}.${c.trim()}`)
    .join(', ');

/** The export, recorded in privacy_audit; null when there is no such customer. */
export async function exportCustomer(
  db: Db,
  admin: Pick<Agent, 'id'>,
  id: string,
): Promise<CustomerExport | null> {
  return db.transaction(async (tx) => {
    const { rows } = await tx.query<CustomerRow>(`select ${CUSTOMER_COLUMNS} from customers where id = $1`, [
      id,
    ]);
    if (!rows[0]) return null;
    const orders = await tx.query<OrderRow>(
      `select ${ORDER_COLUMNS} from orders where customer_id = $1 order by placed_at, id`,
      [id],
    );
    const tickets = await tx.query<TicketRow>(
      `select ${TICKET_COLUMNS} from tickets where customer_id = $1 order by created_at, id`,
      [id],
    );
    const events = await tx.query<EventRow>(
      `select ${prefixed('e', EVENT_COLUMNS)} from ticket_events e join tickets t on t.id = e.ticket_id
       where t.customer_id = $1 order by e.created_at, e.id`,
      [id],
    );
    const now = Date.now();
    await recordAdminAction(tx, admin, 'export', id, 'export', now);
    return {
      customer: toCustomer(rows[0]),
      orders: orders.rows.map(toOrder),
      tickets: tickets.rows.map(toTicket),
      events: events.rows.map(toEvent),
      exportedAt: now,
    };
  });
}

export interface ErasureSummary {
  customer: 1;
  orders: number;
  tickets: number;
  events: number;
  version: number;
}

/**
 * Erases a customer everywhere in one writing transaction: their tickets' events, the tickets, their
 * orders (other customers' tickets that point at one of those orders lose the link and are re-stamped)
 * and the customer row. Each erased row leaves a tombstone (deleted_rows) per team that could have it
 * cached, at this transaction's version, so the next pull of those teams sends `del`. The audit entry
 * names the customer id and the masked reason only. Null when there is no such customer.
 */
export async function eraseCustomer(
  db: Db,
  admin: Pick<Agent, 'id' | 'teamId'>,
  id: string,
  reason: string,
): Promise<ErasureSummary | null> {
  return writeTransaction(db, async (tx, stamp) => {
    const { rows } = await tx.query<{ id: string }>('select id from customers where id = $1 for update', [
      id,
    ]);
    if (!rows[0]) return null;
    const v = stamp.version;
    // Tombstones first, while the tickets that say which teams saw what still exist.
    await tombstones(
      tx,
      'event',
      `select e.id, t.team_id from ticket_events e join tickets t on t.id = e.ticket_id where t.customer_id = $1`,
      id,
      v,
    );
    await tombstones(tx, 'ticket', 'select id, team_id from tickets where customer_id = $1', id, v);
    await tombstones(
      tx,
      'order',
      'select o.id, t.team_id from orders o join tickets t on t.order_id = o.id where o.customer_id = $1',
      id,
      v,
    );
    await tombstones(
      tx,
      'customer',
      'select $1::uuid as id, team_id from tickets where customer_id = $1',
      id,
      v,
    );
    // Rows no ticket referenced were cached by admins only (who read every tombstone): any team will do.
    await tx.query(
      `insert into deleted_rows (entity, id, version, team_id)
       select case when x.id = $1::uuid then 'customer' else 'order' end, x.id, $2::bigint, $3::uuid
       from (select id from orders where customer_id = $1::uuid union select $1::uuid) x
       on conflict (entity, id, team_id) do nothing`,
      [id, v, admin.teamId],
    );

    const events = await count(
      tx,
      'delete from ticket_events where ticket_id in (select id from tickets where customer_id = $1) returning id',
      id,
    );
    await tx.query(
      'delete from intake_deliveries where ticket_id in (select id from tickets where customer_id = $1)',
      [id],
    );
    const tickets = await count(tx, 'delete from tickets where customer_id = $1 returning id', id);
    await tx.query(
      `update tickets set order_id = null, version = $2
       where order_id in (select id from orders where customer_id = $1)`,
      [id, v],
    );
    const orders = await count(tx, 'delete from orders where customer_id = $1 returning id', id);
    await tx.query('delete from customers where id = $1', [id]);
    await recordAdminAction(tx, admin, 'erase', id, reason, stamp.now);
    return { customer: 1, orders, tickets, events, version: v };
  });
}

async function tombstones(tx: DbQueryable, entity: string, select: string, id: string, version: number) {
  await tx.query(
    `insert into deleted_rows (entity, id, version, team_id)
     select distinct $2::text, x.id, $3::bigint, x.team_id from (${select}) x
     on conflict (entity, id, team_id) do update set version = excluded.version`,
    [id, entity, version],
  );
}

async function count(tx: DbQueryable, sql: string, id: string): Promise<number> {
  return (await tx.query(sql, [id])).rows.length;
}
