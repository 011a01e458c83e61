import { writeTransaction } from '../db/beginWrite.ts';
import type { Db } from '../db/types.ts';
import { hashPassword } from '../auth/passwords.ts';
import { DEMO_ACCOUNTS, DEMO_TEAMS } from './demoAccounts.ts';
import { generateCustomer, type CustomerSeed } from './generateCustomers.ts';
import { generateOrder, type OrderSeed } from './generateOrders.ts';
import { addAfterSales } from './generateAfterSales.ts';
import { generateTicket, type EventSeed, type TicketSeed, type TicketWorld } from './generateTicket.ts';
import {
  AGENT_INSERT_COLUMNS,
  CUSTOMER_INSERT_COLUMNS,
  EVENT_INSERT_COLUMNS,
  insertRows,
  ORDER_INSERT_COLUMNS,
  TEAM_COLUMNS,
  TICKET_INSERT_COLUMNS,
} from './insertRows.ts';
import { SeedRandom } from './random.ts';
import { encryptCustomerColumns } from '../privacy/customerFields.ts';
import { privacyKeys } from '../privacy/keyring.ts';

export interface SeedOptions {
  /** How many tickets (customers ≈ 0.6×, orders ≈ 0.8×, events 1–5 per ticket). Default 2,000. */
  tickets?: number;
  /** Same seed → same rows. Default 1. */
  seed?: number;
  /**
   * The moment the data is generated around (tickets are recent relative to it). Default: now. The
   * data is a function of (seed, now); pass a fixed `now` to reproduce a data set exactly.
   */
  now?: number;
  onProgress?: (message: string) => void;
}

export interface SeedSummary {
  teams: number;
  agents: number;
  customers: number;
  orders: number;
  tickets: number;
  events: number;
  ms: number;
}

/** Rows per INSERT: large enough to amortise the round trip, small enough to keep each JSON modest. */
const BATCH = 2_500;

function* batches<T>(items: readonly T[], size = BATCH): Generator<T[]> {
  for (let i = 0; i < items.length; i += size) yield items.slice(i, i + size);
}

/**
 * Fills an empty database with a demo workplace: three teams, the DEMO_ACCOUNTS agents, customers,
 * orders and tickets with timelines. Every batch is a normal versioned write (db/beginWrite.ts), so
 * clients sync demo data exactly like real data. Refuses a database that already has agents.
 */
export async function seedDemoData(db: Db, options: SeedOptions = {}): Promise<SeedSummary> {
  const started = performance.now();
  const ticketCount = options.tickets ?? 2_000;
  const now = options.now ?? Date.now();
  const progress = options.onProgress ?? (() => undefined);
  const r = new SeedRandom(options.seed ?? 1);

  const { rows } = await db.query<{ n: number }>('select count(*)::int as n from agents');
  if (Number(rows[0]!.n) > 0) throw new Error('The database already has data: seed only an empty one');

  // Hashing is the slow part per account (argon2), so the few demo passwords are hashed once, together.
  const hashes = await Promise.all(DEMO_ACCOUNTS.map((a) => hashPassword(a.password)));
  const teams = DEMO_TEAMS.map((name, i) => ({ id: r.uuid(), name, created_at: now - 400 * 86_400_000 + i }));
  const agents = DEMO_ACCOUNTS.map((a, i) => ({
    id: r.uuid(),
    username: a.username,
    display_name: a.displayName,
    role: a.role,
    team_id: teams[a.team]!.id,
    password_hash: hashes[i]!,
    created_at: teams[0]!.created_at,
    updated_at: teams[0]!.created_at,
  }));
  await writeTransaction(db, async (tx, stamp) => {
    await insertRows(tx, 'teams', TEAM_COLUMNS, teams, null);
    await insertRows(tx, 'agents', AGENT_INSERT_COLUMNS, agents, stamp.version);
  });

  const customers: CustomerSeed[] = [];
  for (let i = 0; i < Math.max(5, Math.ceil(ticketCount * 0.6)); i++)
    customers.push(generateCustomer(r, now));
  // Privacy columns are stored as envelopes (docs/privacy.md); the plaintext rows stay in memory only.
  const keys = privacyKeys();
  for (const batch of batches(customers)) {
    const sealed = batch.map((c) => encryptCustomerColumns(keys, c));
    await writeTransaction(db, (tx, s) =>
      insertRows(tx, 'customers', CUSTOMER_INSERT_COLUMNS, sealed, s.version),
    );
  }
  progress(`customers: ${customers.length}`);

  const orders: OrderSeed[] = [];
  for (let i = 0; i < Math.max(5, Math.ceil(ticketCount * 0.8)); i++) {
    orders.push(generateOrder(r, i, r.pick(customers).id, now));
  }
  for (const batch of batches(orders)) {
    await writeTransaction(db, (tx, s) => insertRows(tx, 'orders', ORDER_INSERT_COLUMNS, batch, s.version));
  }
  progress(`orders: ${orders.length}`);

  const world: TicketWorld = {
    customers,
    customerById: new Map(customers.map((c) => [c.id, c])),
    orders,
    teams: teams.map((t) => t.id),
    members: teams.map((t) =>
      agents.filter((a) => a.team_id === t.id && a.role !== 'admin').map((a) => a.id),
    ),
  };
  // A stream of its own, so the after-sales extras leave every other seeded row as it was.
  const extras = new SeedRandom((options.seed ?? 1) + 7_919);
  let events = 0;
  for (let start = 0; start < ticketCount; start += BATCH) {
    const tickets: TicketSeed[] = [];
    const timeline: EventSeed[] = [];
    for (let i = start; i < Math.min(ticketCount, start + BATCH); i++) {
      const made = generateTicket(r, i, world, now);
      addAfterSales(extras, i, made, world, now);
      tickets.push(made.ticket);
      timeline.push(...made.events);
    }
    events += timeline.length;
    // A ticket and its timeline share a version, so no pull ever sees one without the other.
    await writeTransaction(db, async (tx, s) => {
      await insertRows(tx, 'tickets', TICKET_INSERT_COLUMNS, tickets, s.version);
      for (const batch of batches(timeline)) {
        await insertRows(tx, 'ticket_events', EVENT_INSERT_COLUMNS, batch, s.version);
      }
    });
    progress(`tickets: ${Math.min(ticketCount, start + BATCH)} / ${ticketCount}`);
  }
  if (ticketCount > 0) await db.query("select setval('ticket_number_seq', $1)", [ticketCount]);
  // Fresh bulk data has no planner statistics yet, and PGlite has no autovacuum to gather them.
  await db.exec('analyze');

  return {
    teams: teams.length,
    agents: agents.length,
    customers: customers.length,
    orders: orders.length,
    tickets: ticketCount,
    events,
    ms: Math.round(performance.now() - started),
  };
}
