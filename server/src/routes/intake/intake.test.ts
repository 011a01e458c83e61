import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IntakeTicketResponse, type IntakeTicketRequest } from '@shared/api/http.ts';
import { FIRST_RESPONSE_MS, RESOLUTION_MS } from '@shared/sla/policies.ts';
import { createServer } from '../../app.ts';
import { CUSTOMER_COLUMNS, toCustomer, type CustomerRow } from '../../db/rows.ts';
import type { Db } from '../../db/types.ts';
import { POKE_CHANNEL } from '../../sync/pokeHub.ts';
import { TEST_DRIVERS } from '../../testing/testDrivers.ts';
import {
  countRows,
  login,
  pullAll,
  startTestServer,
  syncVersion,
  TEST_INTAKE_KEY,
  testConfig,
  type TestServer,
} from '../../testing/testServer.ts';

describe.each(TEST_DRIVERS)('intake ($name)', (driver) => {
  let s: TestServer;
  let pokes = 0;
  let unlisten: () => Promise<void>;

  beforeAll(async () => {
    s = await startTestServer(driver, { tickets: 40 });
    unlisten = await s.db.listen(POKE_CHANNEL, () => pokes++);
  });
  afterAll(async () => {
    await unlisten();
    await s.close();
  });

  const deliver = (
    body: IntakeTicketRequest | Record<string, unknown>,
    key: string | null = TEST_INTAKE_KEY,
  ) =>
    s.app.inject({
      method: 'POST',
      url: '/api/intake/tickets',
      headers: key === null ? {} : { 'x-api-key': key },
      payload: body,
    });
  const request = (overrides: Partial<IntakeTicketRequest> = {}): IntakeTicketRequest => ({
    channel: 'chat',
    externalId: randomUUID(),
    customer: { name: '测试顾客', phone: `139${String(Date.now()).slice(-8)}`, email: null },
    subject: '面霜用后过敏',
    body: '用了两天脸上红肿，还有点刺痛。',
    category: 'after_sales',
    orderNo: null,
    ...overrides,
  });
  const waitFor = async (check: () => boolean) => {
    for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
    return check();
  };

  it('creates a ticket with its first message, ranked and clocked by the shared rules, and pokes', async () => {
    const pokesBefore = pokes;
    const before = Date.now();
    const res = await deliver(request());
    expect(res.statusCode).toBe(201);
    const created = IntakeTicketResponse.parse(res.json());
    expect(created.created).toBe(true);
    expect(created.number).toMatch(/^CD-\d{6,}$/);

    const { rows } = await s.db.query<Record<string, unknown>>('select * from tickets where id = $1', [
      created.ticketId,
    ]);
    const t = rows[0]!;
    expect(t).toMatchObject({ status: 'new', priority: 'urgent', channel: 'chat', assignee_id: null });
    expect(t.priority_reasons).toContain('health_risk');
    const createdAt = Number(t.created_at);
    expect(createdAt).toBeGreaterThanOrEqual(before);
    expect(Number(t.first_response_due_at)).toBe(createdAt + FIRST_RESPONSE_MS.chat);
    expect(Number(t.resolution_due_at)).toBe(createdAt + RESOLUTION_MS.after_sales);
    const { rows: teams } = await s.db.query<{ id: string }>(
      'select id from teams order by created_at, id limit 1',
    );
    expect(t.team_id).toBe(teams[0]!.id);

    const { rows: events } = await s.db.query<{ kind: string; author_type: string; payload: unknown }>(
      'select kind, author_type, payload from ticket_events where ticket_id = $1',
      [created.ticketId],
    );
    expect(events).toEqual([
      {
        kind: 'message',
        author_type: 'customer',
        payload: { direction: 'inbound', channel: 'chat', body: '用了两天脸上红肿，还有点刺痛。' },
      },
    ]);
    expect(await waitFor(() => pokes > pokesBefore)).toBe(true);
  });

  it('is idempotent per (channel, externalId)', async () => {
    const body = request();
    const first = IntakeTicketResponse.parse((await deliver(body)).json());
    const tickets = await countRows(s.db, 'tickets');
    const again = await deliver(body);
    expect(again.statusCode).toBe(200);
    expect(again.json()).toEqual({ ...first, created: false });
    expect(await countRows(s.db, 'tickets')).toBe(tickets);
    // The same external id on another channel is another delivery.
    expect((await deliver({ ...body, channel: 'email' })).json().created).toBe(true);
  });

  it('finds the customer by exact phone and links an existing order', async () => {
    const { rows } = await s.db.query<{
      id: string;
      order_no: string;
      customer_id: string;
      product_line: string;
    }>('select id, order_no, customer_id, product_line from orders order by order_no limit 1');
    const order = rows[0]!;
    const { rows: customers } = await s.db.query<CustomerRow>(
      `select ${CUSTOMER_COLUMNS} from customers where id = $1`,
      [order.customer_id],
    );
    // Written differently from the seed (+86, spaces): the blind index matches the normalised number.
    const phone = toCustomer(customers[0]!).phone.replace(/^(\d{3})(\d{4})(\d{4})$/, '+86 $1 $2 $3');
    const customerCount = await countRows(s.db, 'customers');
    const res = await deliver(
      request({
        customer: { name: '别的名字', phone, email: null },
        orderNo: order.order_no,
        category: 'order_query',
        subject: '什么时候发货',
        body: '请帮我查一下物流。',
      }),
    );
    const { ticketId } = IntakeTicketResponse.parse(res.json());
    const { rows: t } = await s.db.query<Record<string, unknown>>(
      'select customer_id, order_id, product_line, priority from tickets where id = $1',
      [ticketId],
    );
    expect(t[0]).toMatchObject({
      customer_id: order.customer_id,
      order_id: order.id,
      product_line: order.product_line,
    });
    expect(await countRows(s.db, 'customers')).toBe(customerCount);
  });

  it('makes an existing customer newly visible to the ticket’s team on its next incremental pull', async () => {
    // A customer known so far only to team 2 (cosmetics) writes in; intake gives the ticket to team 1.
    const lead = await login(s.app, 'lead1');
    const clientId = randomUUID();
    const synced = await pullAll(s.app, lead.accessToken, clientId, null);
    const { rows } = await s.db.query<CustomerRow>(
      `select ${CUSTOMER_COLUMNS} from customers c
       where exists (select 1 from tickets t where t.customer_id = c.id)
         and not exists (select 1 from tickets t where t.customer_id = c.id and t.team_id = $1)
       limit 1`,
      [lead.agent.teamId],
    );
    const stranger = toCustomer(rows[0]!);
    await deliver(request({ customer: { name: '老顾客', phone: stranger.phone, email: null } }));

    const update = await pullAll(s.app, lead.accessToken, clientId, synced[synced.length - 1]!.cookie);
    const entities = update
      .flatMap((p) => p.patch)
      .map((op) => (op.op === 'put' ? `${op.entity}:${op.value.id}` : op.op));
    expect(entities).toContain(`customer:${stranger.id}`);
  });

  it('refuses a missing or wrong API key', async () => {
    expect((await deliver(request(), null)).statusCode).toBe(401);
    const wrong = await deliver(request(), 'guess');
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().code).toBe('invalid_api_key');
  });

  it('rejects an invalid body with 400 and creates nothing', async () => {
    const counts = async () => [
      await countRows(s.db, 'tickets'),
      await countRows(s.db, 'customers'),
      await countRows(s.db, 'ticket_events'),
    ];
    const before = await counts();
    const res = await deliver({ ...request(), customer: { name: '无号码', phone: 'call me' } });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: 'invalid_input', details: [{ path: 'customer.phone' }] });
    expect(await deliver({ channel: 'pigeon' })).toMatchObject({ statusCode: 400 });
    expect(await counts()).toEqual(before);
  });

  // Rows by id, through a jsonb list: the same SQL on both drivers.
  const rowsByIds = async <T>(sql: string, ids: readonly string[]) =>
    (await s.db.query<T>(sql, [JSON.stringify(ids)])).rows;
  const IDS = 'any(array(select jsonb_array_elements_text($1::jsonb)::uuid))';
  const all = (bodies: readonly IntakeTicketRequest[]) => Promise.all(bodies.map((b) => deliver(b)));
  const phoneFor = (n: number) => `138${String(n).padStart(8, '0')}`;
  let phones = Math.floor(Math.random() * 1e7);

  it('opens concurrent deliveries together, each with its own ticket, customer and a distinct number', async () => {
    const bodies = Array.from({ length: 40 }, (_, i) =>
      request({
        subject: `并发工单 ${i}`,
        body: `第 ${i} 位顾客的留言`,
        customer: { name: `并发顾客${i}`, phone: phoneFor(phones++), email: null },
      }),
    );
    const responses = await all(bodies);
    expect(responses.map((r) => r.statusCode)).toEqual(bodies.map(() => 201));
    const answers = responses.map((r) => IntakeTicketResponse.parse(r.json()));
    expect(new Set(answers.map((a) => a.ticketId)).size).toBe(40);
    expect(new Set(answers.map((a) => a.number)).size).toBe(40);

    const ids = answers.map((a) => a.ticketId);
    const tickets = new Map(
      (
        await rowsByIds<{
          id: string;
          number: string;
          subject: string;
          customer_id: string;
          version: number;
        }>(`select id, number, subject, customer_id, version from tickets where id = ${IDS}`, ids)
      ).map((t) => [t.id, t]),
    );
    const customers = new Map(
      (
        await rowsByIds<CustomerRow & { phone_raw: string }>(
          `select ${CUSTOMER_COLUMNS}, phone as phone_raw from customers
           where id = any(array(select jsonb_array_elements_text($1::jsonb)::uuid))`,
          [...tickets.values()].map((t) => t.customer_id),
        )
      ).map((c) => [c.id, c]),
    );
    bodies.forEach((body, i) => {
      // Each caller got its own delivery's ticket, not a neighbour's from the same write.
      const ticket = tickets.get(answers[i]!.ticketId)!;
      expect(ticket).toMatchObject({ number: answers[i]!.number, subject: body.subject });
      const customer = customers.get(ticket.customer_id)!;
      expect(customer.phone_raw).not.toContain(body.customer.phone);
      expect(toCustomer(customer)).toMatchObject({ name: body.customer.name, phone: body.customer.phone });
    });
    // Group commit: deliveries that arrived together share a write (and its version).
    expect(new Set([...tickets.values()].map((t) => t.version)).size).toBeLessThan(40);
    const events = await rowsByIds<{ ticket_id: string; body: string }>(
      `select ticket_id, payload->>'body' as body from ticket_events where ticket_id = ${IDS}`,
      ids,
    );
    expect(events.map((e) => [e.ticket_id, e.body]).sort()).toEqual(
      bodies.map((b, i) => [answers[i]!.ticketId, b.body]).sort(),
    );
  });

  it('answers every copy of a delivery with one ticket, within one write and across writes', async () => {
    const original = request();
    const others = Array.from({ length: 70 }, () => request());
    // Copies at 0 and 1 (normally one write) and at 70: writes hold at most 64 deliveries and take
    // them in arrival order, so the last copy is necessarily in a later write than the first.
    const sequence = [original, original, ...others.slice(0, 68), original, ...others.slice(68)];
    const ticketsBefore = await countRows(s.db, 'tickets');
    const responses = await all(sequence);
    const copies = [0, 1, 70].map((i) => responses[i]!);
    expect(copies.map((r) => r.statusCode).sort()).toEqual([200, 200, 201]);
    const answers = copies.map((r) => IntakeTicketResponse.parse(r.json()));
    expect(new Set(answers.map((a) => a.ticketId)).size).toBe(1);
    expect(answers.filter((a) => a.created)).toHaveLength(1);
    expect(await countRows(s.db, 'tickets')).toBe(ticketsBefore + 71);
    // A retry long after is still the same delivery.
    const later = await deliver(original);
    expect(later.statusCode).toBe(200);
    expect(IntakeTicketResponse.parse(later.json())).toEqual({ ...answers[0]!, created: false });
    const { rows } = await s.db.query<{ n: number }>(
      'select count(*)::int as n from intake_deliveries where channel = $1 and external_id = $2',
      [original.channel, original.externalId],
    );
    expect(rows[0]!.n).toBe(1);
  });

  it('keeps the answers of every delivery consistent, whatever mix of copies and shared phones arrives', async () => {
    const { rows } = await s.db.query<{ id: string; order_no: string }>(
      'select id, order_no from orders order by order_no limit 3',
    );
    const orders = rows;
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({ key: fc.integer({ min: 0, max: 9 }), channel: fc.constantFrom('chat', 'email') }),
          {
            minLength: 1,
            maxLength: 30,
          },
        ),
        async (draws) => {
          const run = randomUUID();
          const firstPhone = phones;
          phones += 4;
          // A delivery's content follows from its key, so copies are true retries; keys share phones.
          const bodies = draws.map(({ key, channel }) =>
            request({
              channel,
              externalId: `${run}-${key}`,
              customer: { name: `属性顾客${key}`, phone: phoneFor(firstPhone + (key % 4)), email: null },
              orderNo: key % 3 === 0 ? null : orders[key % 3]!.order_no,
              subject: `属性工单 ${key}`,
            }),
          );
          const responses = await all(bodies);
          expect(responses.every((r) => r.statusCode === 201 || r.statusCode === 200)).toBe(true);
          const answers = responses.map((r) => IntakeTicketResponse.parse(r.json()));

          const byDelivery = new Map<string, typeof answers>();
          bodies.forEach((b, i) => {
            const key = `${b.channel}/${b.externalId}`;
            byDelivery.set(key, [...(byDelivery.get(key) ?? []), answers[i]!]);
          });
          for (const copies of byDelivery.values()) {
            expect(new Set(copies.map((a) => a.ticketId)).size).toBe(1);
            expect(copies.filter((a) => a.created)).toHaveLength(1);
          }
          const ticketIds = [...byDelivery.values()].map((copies) => copies[0]!.ticketId);
          expect(new Set(ticketIds).size).toBe(byDelivery.size);
          expect(new Set([...byDelivery.values()].map((copies) => copies[0]!.number)).size).toBe(
            byDelivery.size,
          );

          const tickets = new Map(
            (
              await rowsByIds<{ id: string; customer_id: string; order_id: string | null; events: number }>(
                `select t.id, t.customer_id, t.order_id,
                   (select count(*)::int from ticket_events e where e.ticket_id = t.id) as events
                 from tickets t where t.id = ${IDS}`,
                ticketIds,
              )
            ).map((t) => [t.id, t]),
          );
          const customerOfPhone = new Map<string, string>();
          bodies.forEach((b, i) => {
            const ticket = tickets.get(answers[i]!.ticketId)!;
            expect(ticket.events).toBe(1);
            expect(ticket.order_id).toBe(orders.find((o) => o.order_no === b.orderNo)?.id ?? null);
            // One customer per phone, however many deliveries of the run (and of one write) share it.
            const known = customerOfPhone.get(b.customer.phone);
            if (known) expect(ticket.customer_id).toBe(known);
            customerOfPhone.set(b.customer.phone, ticket.customer_id);
          });
          expect(new Set(customerOfPhone.values()).size).toBe(customerOfPhone.size);
        },
      ),
      { numRuns: 8 },
    );
  });

  it('refuses text the database cannot store with 400, naming the field, and creates nothing', async () => {
    const before = await countRows(s.db, 'tickets');
    const nul = await deliver(request({ body: 'before\u0000after' }));
    expect(nul.statusCode).toBe(400);
    expect(nul.json()).toMatchObject({ code: 'invalid_input', details: [{ path: 'body' }] });
    const surrogate = await deliver(request({ subject: 'broken \ud800 text' }));
    expect(surrogate.statusCode).toBe(400);
    expect(surrogate.json()).toMatchObject({ code: 'invalid_input', details: [{ path: 'subject' }] });
    expect(await countRows(s.db, 'tickets')).toBe(before);
  });

  it('opens the good deliveries when the database refuses one delivery of the same write', async () => {
    // Stands for any value the database refuses (a constraint or data error) that parsing let through.
    await s.db.exec(`
      create function refuse_test_subject() returns trigger language plpgsql as $$
      begin
        if new.subject = '拒收测试' then
          raise exception 'refused for the test' using errcode = 'check_violation';
        end if;
        return new;
      end $$;
      create trigger refuse_test_subject before insert on tickets
        for each row execute function refuse_test_subject();`);
    const good = Array.from({ length: 12 }, () => request());
    const bad = request({ subject: '拒收测试' });
    let responses;
    try {
      responses = await all([...good.slice(0, 6), bad, ...good.slice(6)]);
    } finally {
      await s.db.exec('drop trigger refuse_test_subject on tickets; drop function refuse_test_subject();');
    }
    expect(responses[6]!.statusCode).toBe(500);
    expect(responses[6]!.json()).toMatchObject({ code: 'internal' });
    const goodAnswers = responses.filter((_, i) => i !== 6);
    expect(goodAnswers.map((r) => r.statusCode)).toEqual(good.map(() => 201));
    expect(new Set(goodAnswers.map((r) => IntakeTicketResponse.parse(r.json()).ticketId)).size).toBe(12);
    const { rows } = await s.db.query<{ n: number }>(
      'select count(*)::int as n from intake_deliveries where external_id = $1',
      [bad.externalId],
    );
    expect(rows[0]!.n).toBe(0);
    // Nothing of the refused delivery was kept, so the channel's retry opens its ticket.
    expect((await deliver(bad)).statusCode).toBe(201);
  });

  it('fails every delivery of a write that breaks for no delivery’s fault; the retries then open each once', async () => {
    await s.db.exec(`
      create function simulate_outage() returns trigger language plpgsql as $$
      begin
        raise exception 'simulated outage';
      end $$;
      create trigger simulate_outage before insert on intake_deliveries
        for each row execute function simulate_outage();`);
    const bodies = Array.from({ length: 10 }, () => request());
    const counts = async () => [
      await countRows(s.db, 'tickets'),
      await countRows(s.db, 'customers'),
      await countRows(s.db, 'ticket_events'),
      await syncVersion(s.db),
    ];
    const before = await counts();
    let failed;
    try {
      failed = await all(bodies);
    } finally {
      await s.db.exec('drop trigger simulate_outage on intake_deliveries; drop function simulate_outage();');
    }
    expect(failed.map((r) => r.statusCode)).toEqual(bodies.map(() => 500));
    expect(await counts()).toEqual(before);

    const retried = await all(bodies);
    expect(retried.map((r) => r.statusCode)).toEqual(bodies.map(() => 201));
    const again = await all(bodies);
    expect(again.map((r) => r.statusCode)).toEqual(bodies.map(() => 200));
    expect(again.map((r) => r.json().ticketId)).toEqual(retried.map((r) => r.json().ticketId));
  });

  // Only PostgreSQL has several server instances over one database; PGlite is one process by design.
  if (driver.name === 'postgres') {
    it('opens one ticket when a delivery races its retry on another server instance', async () => {
      const peerDb: Db = await s.peer!();
      const other = await createServer(testConfig(), { db: peerDb });
      try {
        const bodies = Array.from({ length: 20 }, () =>
          request({ customer: { name: '两台', phone: phoneFor(phones), email: null } }),
        );
        phones += 1;
        const sendTo = (app: typeof s.app, body: IntakeTicketRequest) =>
          app.inject({
            method: 'POST',
            url: '/api/intake/tickets',
            headers: { 'x-api-key': TEST_INTAKE_KEY },
            payload: body,
          });
        const [here, there] = await Promise.all([
          Promise.all(bodies.map((b) => sendTo(s.app, b))),
          Promise.all(bodies.map((b) => sendTo(other.app, b))),
        ]);
        const answers = bodies.map((_, i) =>
          [here[i]!, there[i]!].map((r) => IntakeTicketResponse.parse(r.json())),
        );
        for (const [a, b] of answers) {
          expect(a!.ticketId).toBe(b!.ticketId);
          expect([a!.created, b!.created].sort()).toEqual([false, true]);
        }
        expect(new Set(answers.map(([a]) => a!.number)).size).toBe(20);
        // Both instances matched the one customer the first write created for the shared phone.
        const customers = await rowsByIds<{ customer_id: string }>(
          `select distinct customer_id from tickets where id = ${IDS}`,
          answers.map(([a]) => a!.ticketId),
        );
        expect(customers).toHaveLength(1);
      } finally {
        await other.close();
        await peerDb.close();
      }
    });
  }
});
