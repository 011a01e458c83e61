import { startServer } from '../../server/src/app.ts';
import { loadConfig } from '../../server/src/config.ts';
import { seedDemoData } from '../../server/src/seed/seedDemoData.ts';
import { DEMO_INTAKE_KEY } from '../../server/src/seed/demoAccounts.ts';
import { loadDraft, saveDraft } from '../../renderer/src/features/composer/drafts.ts';
import { dumpRawIndexedDb, eventually, openDesk, type Desk } from '../support/desk.ts';
import { allCachedEvents, cachedEvent } from '../../renderer/test/timelines.ts';

/**
 * The foundation's round trip with every real part but the window: a channel system opens a ticket,
 * it reaches a signed-in agent's cache through a poke (no reload), the agent's reply reaches the
 * server and a second agent, and the customer's phone number never sits in the cache in plaintext.
 */
const ticketCustomer = (ticket: { customerId: string } | undefined) => ticket!.customerId;

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
    expect(await cachedEvent(alice.db, eventId)).toMatchObject({ kind: 'message', direction: 'outbound' });

    const stored = await eventually('the reply on the server', async () => {
      const { rows } = await server.db.query<{ id: string }>('select id from ticket_events where id = $1', [
        eventId,
      ]);
      return rows[0];
    });
    expect(stored.id).toBe(eventId);
    const seenByBob = await eventually('the reply in the second agent’s cache', () =>
      cachedEvent(bob.db, eventId),
    );
    expect(seenByBob).toMatchObject({ ticketId, kind: 'message', body: '您好，请先停用，我们马上为您处理' });
    await eventually('the outbox to drain', async () => (await alice.db.outbox.count()) === 0);

    const raw = await dumpRawIndexedDb(alice.dbName);
    expect(raw).toContain('139****4321');
    expect(raw).not.toContain(phone);
    expect(raw).not.toContain('欧阳娜娜');
  });

  it('keeps personal data in message bodies, notes, the outbox and drafts sealed in the cache', async () => {
    const mobile = '13766554433';
    const card = '6222021234567890128';
    const email = 'ouyang.test@163.com';
    const idNumber = '11010119900307002X';
    const street = '科技园南路88号3栋';
    const intake = await fetch(`${server.url}/api/intake/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': DEMO_INTAKE_KEY },
      body: JSON.stringify({
        channel: 'chat',
        externalId: 'chat-it-0002',
        customer: { name: '欧阳菲', phone: '13900001111', email: null },
        subject: '退款到哪张卡',
        body: `请退款到卡${card}，联系${mobile}，邮箱${email}，寄到广东省深圳市南山区${street}`,
        category: 'after_sales',
      }),
    });
    expect(intake.status).toBe(201);
    const { ticketId } = (await intake.json()) as { ticketId: string };
    await alice.engine.pullNow();
    const message = await eventually('the message', async () =>
      (await allCachedEvents(alice.db)).find((e) => e.ticketId === ticketId),
    );
    expect(message).toMatchObject({ body: expect.stringContaining('请退款到卡****0128') });
    expect(message.sealedText?.body?.spans.length).toBe(4);

    const noteId = crypto.randomUUID();
    await alice.engine.mutate('addNote', {
      ticketId,
      eventId: noteId,
      body: `客户身份证${idNumber}，已核实`,
    });
    await saveDraft(
      alice.db,
      ticketId,
      { mode: 'reply', body: `稍后拨打${mobile}`, attachments: [] },
      alice.api.privacy,
    );
    const secrets = [mobile, card, email, idNumber, street];
    const scan = async (desk: Desk) => {
      const raw = await dumpRawIndexedDb(desk.dbName);
      for (const secret of secrets)
        expect(raw, `${secret} in ${desk.username}'s cache`).not.toContain(secret);
      return raw;
    };
    // While the note may still sit in the outbox, and after it reached the server and came back.
    expect(await scan(alice)).toContain('****0128');
    const stored = await eventually('the note on the server', async () => {
      const { rows } = await server.db.query<{ body: string }>(
        "select payload->>'body' as body from ticket_events where id = $1",
        [noteId],
      );
      return rows[0];
    });
    expect(stored.body).toBe(`客户身份证${idNumber}，已核实`);
    await eventually('the outbox to drain', async () => (await alice.db.outbox.count()) === 0);
    await alice.engine.pullNow();
    await scan(alice);
    await eventually('the note in the second agent’s cache', () => cachedEvent(bob.db, noteId));
    expect(await cachedEvent(bob.db, noteId)).toMatchObject({ body: '客户身份证1****************X，已核实' });
    await scan(bob);
    expect((await loadDraft(alice.db, ticketId, alice.api.privacy))?.body).toBe(`稍后拨打${mobile}`);

    // A bank card in the message, revealed by the main process and audited under its own field.
    const ref = message.sealedText!.body!;
    const revealed = await alice.api.privacy.revealSpan({
      customerId: ticketCustomer(await alice.db.tickets.get(ticketId)),
      recordId: message.id,
      field: 'body',
      sealed: ref.sealed,
      span: ref.spans.findIndex((s) => s.kind === 'bank_card'),
      reason: 'verification',
    });
    expect(revealed.value).toBe(card);
    await alice.engine.mutate('revealAudit', revealed.audit);
    const audit = await eventually('the audit on the server', async () => {
      const { rows } = await server.db.query<{ field: string }>(
        'select field from privacy_audit where id = $1',
        [revealed.audit.id],
      );
      return rows[0];
    });
    expect(audit.field).toBe('bankCard');
  });
});
