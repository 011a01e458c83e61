import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { IntakeTicketResponse, type IntakeTicketRequest } from '@shared/api/http.ts';
import { FIRST_RESPONSE_MS, RESOLUTION_MS } from '@shared/sla/policies.ts';
import { CUSTOMER_COLUMNS, toCustomer, type CustomerRow } from '../../db/rows.ts';
import { POKE_CHANNEL } from '../../sync/pokeHub.ts';
import { TEST_DRIVERS } from '../../testing/testDrivers.ts';
import {
  countRows,
  login,
  pullAll,
  startTestServer,
  TEST_INTAKE_KEY,
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
});
