import { startServer } from '../../server/src/app.ts';
import { loadConfig } from '../../server/src/config.ts';
import { seedDemoData } from '../../server/src/seed/seedDemoData.ts';
import { DEMO_INTAKE_KEY } from '../../server/src/seed/demoAccounts.ts';
import { dumpRawIndexedDb, eventually, openDesk, type Desk } from '../support/desk.ts';

/**
 * The foundation's round trip with every real part but the window: a channel system opens a ticket,
 * it reaches a signed-in agent's cache through a poke (no reload), the agent's reply reaches the
 * server and a second agent, and the customer's phone number never sits in the cache in plaintext.
 */
describe('first ticket round trip', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let alice: Desk;
  let bob: Desk;

  beforeAll(async () => {
    const config = {
      ...loadConfig({}, ['--in-memory', '--demo', '--port', '0']),
      logLevel: 'silent' as const,
    };
    server = await startServer(config, {
      beforeListen: async ({ db }) => void (await seedDemoData(db, { tickets: 40, seed: 7 })),
    });
    // agent1 and agent2 work in the same team (个护售后组).
    alice = await openDesk(server.url, 'agent1');
    bob = await openDesk(server.url, 'agent2');
  });

  afterAll(async () => {
    await alice?.close();
    await bob?.close();
    await server?.close();
  });

  it('delivers an intake ticket live, carries the reply to another agent, and keeps the phone sealed', async () => {
    const phone = '13987654321';
    const intake = await fetch(`${server.url}/api/intake/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': DEMO_INTAKE_KEY },
      body: JSON.stringify({
        channel: 'chat',
        externalId: 'chat-it-0001',
        customer: { name: '欧阳娜娜', phone, email: null },
        subject: '护垫用后有点过敏',
        body: '昨天收到的护垫用了以后有点红肿，想问问怎么处理',
        category: 'after_sales',
      }),
    });
    expect(intake.status).toBe(201);
    const { ticketId } = (await intake.json()) as { ticketId: string };

    // No pullNow(): the server's poke over the live channel must bring it in.
    const ticket = await eventually('the intake ticket in the queue', () => alice.db.tickets.get(ticketId));
    expect(ticket.priority).toBe('urgent');
    const customer = await eventually('its customer', () => alice.db.customers.get(ticket.customerId));
    expect(customer.pii.phone.masked).toBe('139****4321');

    const eventId = crypto.randomUUID();
    await alice.engine.mutate('replyToTicket', {
      ticketId,
      eventId,
      body: '您好，请先停用，我们马上为您处理',
    });
    // Optimistic: in the cache at once.
    expect(await alice.db.events.get(eventId)).toMatchObject({ kind: 'message', direction: 'outbound' });

    const stored = await eventually('the reply on the server', async () => {
      const { rows } = await server.db.query<{ id: string }>('select id from ticket_events where id = $1', [
        eventId,
      ]);
      return rows[0];
    });
    expect(stored.id).toBe(eventId);
    const seenByBob = await eventually('the reply in the second agent’s cache', () =>
      bob.db.events.get(eventId),
    );
    expect(seenByBob).toMatchObject({ ticketId, kind: 'message', body: '您好，请先停用，我们马上为您处理' });
    await eventually('the outbox to drain', async () => (await alice.db.outbox.count()) === 0);

    const raw = await dumpRawIndexedDb(alice.dbName);
    expect(raw).toContain('139****4321');
    expect(raw).not.toContain(phone);
    expect(raw).not.toContain('欧阳娜娜');
  });
});
