import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { agentAlice, makeCustomer, makeMessage, makeOrder, makeTicket, T0 } from '../../../test/fixtures.ts';
import { CareDeskDb } from '../../db/CareDeskDb.ts';
import { putOrders } from '../../db/customerOrders.ts';
import { deriveTicket } from '../../db/derive.ts';
import type { CachedEvent } from '../../db/types.ts';
import { readCase } from './readCase.ts';
import { cacheEvents } from '../../../test/timelines.ts';

let db: CareDeskDb;
beforeEach(async () => {
  db = new CareDeskDb(`read-case-${crypto.randomUUID()}`);
  await db.open();
});
afterEach(async () => {
  await db.delete();
});

const bob = { ...agentAlice, id: '55555555-5555-4555-8555-555555555555', displayName: '王磊' };

async function seed() {
  const customer = makeCustomer();
  const other = makeCustomer();
  const order = makeOrder(customer.id);
  const ticket = deriveTicket(makeTicket({ customerId: customer.id, orderId: order.id, assigneeId: bob.id }));
  await db.customers.bulkPut([customer, other]);
  await putOrders(db, [order, makeOrder(other.id)]);
  await db.tickets.put(ticket);
  const pick = ({ id, displayName, role, teamId, state, stateSince }: typeof agentAlice) => ({
    id,
    displayName,
    role,
    teamId,
    state,
    stateSince,
  });
  await db.agents.bulkPut([pick(agentAlice), pick(bob), pick({ ...agentAlice, id: crypto.randomUUID() })]);
  await cacheEvents(db, [
    makeMessage(ticket.id, { createdAt: T0 }) as CachedEvent,
    makeMessage(ticket.id, {
      createdAt: T0 + 1_000,
      direction: 'outbound',
      authorType: 'agent',
      authorId: agentAlice.id,
    }) as CachedEvent,
  ]);
  return { ticket, customer, other, order };
}

describe('readCase', () => {
  it('reads the same case in one round with the queue row as a hint as in two without', async () => {
    const { ticket, customer, order } = await seed();
    const plain = await readCase(db, ticket.id);
    const hinted = await readCase(db, ticket.id, ticket);
    expect(hinted).toEqual(plain);
    expect(plain?.customer?.id).toBe(customer.id);
    expect(plain?.order?.id).toBe(order.id);
    // The event authors and the assignee, nobody else.
    expect([...plain!.agents.keys()].sort()).toEqual([agentAlice.id, bob.id].sort());
    expect(plain!.events).toHaveLength(2);
  });

  it('falls back to reading what the ticket names when the hint is stale', async () => {
    const { ticket, other } = await seed();
    const moved = await readCase(db, ticket.id, { customerId: other.id, orderId: null });
    expect(moved).toEqual(await readCase(db, ticket.id));
    expect(moved?.customer?.id).toBe(ticket.customerId);
  });

  it('shows the ticket’s order when it is another customer’s (intake matched the caller by phone)', async () => {
    const { ticket, other, order } = await seed();
    const theirs = makeOrder(other.id, { orderNo: 'SO-GIFT' });
    const gift = deriveTicket({ ...ticket, id: crypto.randomUUID(), orderId: theirs.id });
    await putOrders(db, [theirs]);
    await db.tickets.put(gift);
    const read = await readCase(db, gift.id, gift);
    expect(read?.order).toEqual(theirs);
    // Actions name only the ticket customer's orders.
    expect([...read!.orders.keys()]).toEqual([order.id]);
  });

  it('is null for a ticket not in the cache, hint or not', async () => {
    const { ticket } = await seed();
    expect(await readCase(db, crypto.randomUUID())).toBeNull();
    expect(await readCase(db, crypto.randomUUID(), ticket)).toBeNull();
  });
});
