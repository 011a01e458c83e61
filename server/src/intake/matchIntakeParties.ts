import { randomUUID } from 'node:crypto';
import type { LoyaltyTier, ProductLine } from '@shared/domain/index.ts';
import type { WriteStamp } from '../db/beginWrite.ts';
import type { DbTx } from '../db/types.ts';
import { encryptCustomerColumns, phoneIndex } from '../privacy/customerFields.ts';
import { privacyKeys } from '../privacy/keyring.ts';
import { drawTicketNumbersSql, toTicketNumbers } from '../tickets/ticketNumbers.ts';

export interface IntakeCustomer {
  name: string;
  phone: string;
  email: string | null;
}
export interface MatchedCustomer {
  id: string;
  loyaltyTier: LoyaltyTier;
}
export interface MatchedOrder {
  id: string;
  productLine: ProductLine;
}

/** What a batch of new tickets refers to, found (or prepared) in one statement. */
export interface IntakeParties {
  /** The customer of each delivery, in the order asked. */
  customers: MatchedCustomer[];
  /** Customers to create (privacy columns sealed), one per new phone number: the caller inserts them. */
  newCustomers: Record<string, unknown>[];
  /** Existing orders by number; a number with no order is absent. */
  orders: Map<string, MatchedOrder>;
  teamId: string;
  /** Fresh ticket numbers, ascending, as many as asked. */
  numbers: string[];
}

interface MatchRow {
  customers: { id: string; phone_index: string; loyalty_tier: LoyaltyTier }[];
  orders: { id: string; order_no: string; product_line: ProductLine }[];
  team_id: string | null;
  numbers: number[];
}

/**
 * Matched customers and orders get this transaction's version although nothing in them changed: a
 * new ticket may make them visible to a team that never had them, and a pull only sends rows newer
 * than the cookie. Re-stamping is how "newly visible" reaches that team.
 *
 * One round trip for the whole batch: a customer by phone (its blind index: the phone column holds
 * an envelope; the oldest customer with it wins, as for a single delivery), orders by number, the
 * team, the ticket numbers. Lists travel as jsonb (no per-driver array encoding, as in
 * seed/insertRows.ts) and are probed with `= any(array(...))`, not `in (select ...)`: the planner
 * guesses 100 rows for a set-returning function and would then scan the whole table.
 */
export async function matchIntakeParties(
  tx: DbTx,
  stamp: WriteStamp,
  request: {
    customers: readonly IntakeCustomer[];
    orderNos: readonly string[];
    defaultTeamId: string | null;
    ticketCount: number;
  },
): Promise<IntakeParties> {
  const keys = privacyKeys();
  const indexes = request.customers.map((c) => phoneIndex(keys, c.phone));
  const { rows } = await tx.query<MatchRow>(
    `with matched_customers as (
       update customers c set version = $3
       from (select distinct on (phone_index) id, phone_index from customers
             where phone_index = any(array(select jsonb_array_elements_text($1::jsonb)))
             order by phone_index, created_at, id) m
       where c.id = m.id
       returning c.id, m.phone_index, c.loyalty_tier
     ), matched_orders as (
       update orders set version = $3
       where order_no = any(array(select jsonb_array_elements_text($2::jsonb)))
       returning id, order_no, product_line
     )
     select
       (select coalesce(jsonb_agg(c), '[]'::jsonb) from matched_customers c) as customers,
       (select coalesce(jsonb_agg(o), '[]'::jsonb) from matched_orders o) as orders,
       coalesce($4::uuid, (select id from teams order by created_at, id limit 1)) as team_id,
       ${drawTicketNumbersSql('$5')} as numbers`,
    [
      JSON.stringify([...new Set(indexes)]),
      JSON.stringify([...new Set(request.orderNos)]),
      stamp.version,
      request.defaultTeamId,
      request.ticketCount,
    ],
  );
  const row = rows[0]!;

  const byIndex = new Map<string, MatchedCustomer>(
    row.customers.map((c) => [c.phone_index, { id: c.id, loyaltyTier: c.loyalty_tier }]),
  );
  // One new customer per distinct number, so two deliveries from a new number in one batch share the
  // customer the first would have created.
  const newCustomers: Record<string, unknown>[] = [];
  for (const [i, index] of indexes.entries()) {
    if (byIndex.has(index)) continue;
    const customer = request.customers[i]!;
    const sealed = encryptCustomerColumns(keys, {
      id: randomUUID(),
      name: customer.name,
      phone: customer.phone,
      email: customer.email,
      address: null,
      id_number: null,
      health_notes: null,
    });
    newCustomers.push({
      ...sealed,
      loyalty_tier: 'regular',
      flags: [],
      created_at: stamp.now,
      updated_at: stamp.now,
    });
    byIndex.set(index, { id: sealed.id, loyaltyTier: 'regular' });
  }

  return {
    customers: indexes.map((index) => byIndex.get(index)!),
    newCustomers,
    orders: new Map(row.orders.map((o) => [o.order_no, { id: o.id, productLine: o.product_line }])),
    teamId: row.team_id ?? (await createFirstTeam(tx, stamp.now)),
    numbers: toTicketNumbers(row.numbers),
  };
}

/** An empty database gets a team made for its first ticket. */
async function createFirstTeam(tx: DbTx, now: number): Promise<string> {
  const id = randomUUID();
  await tx.query('insert into teams (id, name, created_at) values ($1, $2, $3)', [id, '默认售后组', now]);
  return id;
}
