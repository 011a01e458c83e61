import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  CHANNELS,
  Category,
  Customer,
  Order,
  RootCause,
  Ticket,
  TicketEvent,
  TicketStatus,
} from '@shared/domain/index.ts';
import { nextCallbackOf, refundedTotal, rmaNumbers } from '@shared/ticket/afterSalesRules.ts';
import { migrate } from '../db/migrate.ts';
import type { Db } from '../db/types.ts';
import {
  toCustomer,
  toEvent,
  toOrder,
  toTicket,
  CUSTOMER_COLUMNS,
  EVENT_COLUMNS,
  ORDER_COLUMNS,
  TICKET_COLUMNS,
  type CustomerRow,
  type EventRow,
  type OrderRow,
  type TicketRow,
} from '../db/rows.ts';
import { decryptCustomerColumns } from '../privacy/customerFields.ts';
import { generateEphemeralKeys, installPrivacyKeys, privacyKeys } from '../privacy/keyring.ts';
import { TEST_DRIVERS, type TestDatabase } from '../testing/testDrivers.ts';
import { seedDemoData } from './seedDemoData.ts';

const NOW = Date.UTC(2026, 2, 1);
const TABLES = ['teams', 'agents', 'customers', 'orders', 'tickets', 'ticket_events'];

/** Every seeded row except what is random by design (password salts) or bookkeeping (versions). */
async function dump(db: Db) {
  const out: Record<string, unknown[]> = {};
  for (const table of TABLES) {
    const { rows } = await db.query<Record<string, unknown>>(`select * from ${table} order by id`);
    // Customers' privacy columns are envelopes with fresh IVs: compare what they hold.
    const plain =
      table === 'customers'
        ? rows.map((r) => decryptCustomerColumns(privacyKeys(), r as CustomerRow & Record<string, unknown>))
        : rows;
    out[table] = plain.map(({ version: _v, password_hash: _h, ...rest }) => rest);
  }
  return out;
}

async function reset(db: Db) {
  await db.exec(`truncate ${TABLES.join(', ')} cascade; select setval('ticket_number_seq', 1, false)`);
}

describe.each(TEST_DRIVERS)('demo seed ($name)', (driver) => {
  let database: TestDatabase;
  let db: Db;
  beforeAll(async () => {
    installPrivacyKeys(generateEphemeralKeys());
    database = await driver.open();
    db = database.db;
    await migrate(db);
  });
  afterAll(() => database.dispose());

  it('makes the same data for the same seed, and other data for another', async () => {
    await seedDemoData(db, { tickets: 80, seed: 7, now: NOW });
    const first = await dump(db);
    await reset(db);
    await seedDemoData(db, { tickets: 80, seed: 7, now: NOW });
    expect(await dump(db)).toEqual(first);
    await reset(db);
    await seedDemoData(db, { tickets: 80, seed: 8, now: NOW });
    expect((await dump(db)).customers).not.toEqual(first.customers);
  });

  it('covers every channel, category, root cause and status with valid rows', async () => {
    await reset(db);
    const summary = await seedDemoData(db, { tickets: 400, seed: 11, now: NOW });
    expect(summary).toMatchObject({ tickets: 400, teams: 3, agents: 10 });
    expect(summary.events).toBeGreaterThanOrEqual(400);

    const distinct = async (column: string) =>
      (
        await db.query<{ v: string }>(
          `select distinct ${column} as v from tickets where ${column} is not null`,
        )
      ).rows
        .map((r) => r.v)
        .sort();
    expect(await distinct('channel')).toEqual([...CHANNELS].sort());
    expect(await distinct('category')).toEqual([...Category.options].sort());
    expect(await distinct('root_cause')).toEqual([...RootCause.options].sort());
    expect(await distinct('status')).toEqual([...TicketStatus.options].sort());
    expect(await distinct('priority')).toContain('urgent');

    const customers = (await db.query<CustomerRow>(`select ${CUSTOMER_COLUMNS} from customers`)).rows.map(
      toCustomer,
    );
    for (const c of customers) {
      Customer.parse(c);
      expect(c.phone).toMatch(/^1[35789]\d{9}$/);
    }
    expect(customers.some((c) => c.address && /省|市/.test(c.address) && /区|县/.test(c.address))).toBe(true);
    const orders = (await db.query<OrderRow>(`select ${ORDER_COLUMNS} from orders`)).rows.map(toOrder);
    for (const o of orders) {
      Order.parse(o);
      expect(o.total).toBe(o.items.reduce((sum, i) => sum + i.unitPrice * i.qty, 0));
    }
    const { rows } = await db.query<{ n: number }>(
      'select count(*)::int as n from tickets t where not exists (select 1 from ticket_events e where e.ticket_id = t.id)',
    );
    expect(Number(rows[0]!.n)).toBe(0);
  });

  it('gives some open tickets a return with logistics, a refund within the order total and a callback', async () => {
    // The 400 tickets of the previous test.
    const tickets = (await db.query<TicketRow>(`select ${TICKET_COLUMNS} from tickets`)).rows.map(toTicket);
    const events = (await db.query<EventRow>(`select ${EVENT_COLUMNS} from ticket_events`)).rows.map(toEvent);
    for (const e of events) TicketEvent.parse(e);
    const kinds = new Set(events.map((e) => e.kind));
    for (const kind of ['return_request', 'logistics_update', 'refund', 'callback'] as const) {
      expect(kinds).toContain(kind);
    }
    const withCallback = tickets.filter((t) => t.nextCallback !== null);
    expect(withCallback.length).toBeGreaterThanOrEqual(3);
    for (const t of tickets) {
      Ticket.parse(t);
      expect(t.nextCallback).toEqual(nextCallbackOf(events.filter((e) => e.ticketId === t.id)));
    }
    // Some callbacks are overdue at `now`, some still ahead.
    expect(withCallback.some((t) => t.nextCallback!.dueAt <= NOW)).toBe(true);
    expect(withCallback.some((t) => t.nextCallback!.dueAt > NOW)).toBe(true);
    const orders = (await db.query<OrderRow>(`select ${ORDER_COLUMNS} from orders`)).rows.map(toOrder);
    for (const o of orders) expect(refundedTotal(events, o.id)).toBeLessThanOrEqual(o.total);
    // Every logistics step belongs to a return opened on the same ticket.
    for (const e of events) {
      if (e.kind !== 'logistics_update') continue;
      expect(rmaNumbers(events.filter((x) => x.ticketId === e.ticketId))).toContain(e.rmaNo);
    }
  });

  it('refuses a database that already has data', async () => {
    await expect(seedDemoData(db, { tickets: 1 })).rejects.toThrow(/already has data/);
  });
});
