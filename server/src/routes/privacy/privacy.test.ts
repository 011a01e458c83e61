import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Customer, Ticket } from '@shared/domain/index.ts';
import type { PatchOp, PullResponse } from '@shared/sync/protocol.ts';
import { writeTransaction } from '../../db/beginWrite.ts';
import { CUSTOMER_COLUMNS, toCustomer, type CustomerRow } from '../../db/rows.ts';
import { encryptCustomerColumns } from '../../privacy/customerFields.ts';
import { FieldCipherError } from '../../privacy/fieldCipher.ts';
import { encryptLegacyCustomers, rekeyCustomers } from '../../privacy/encryptLegacyCustomers.ts';
import { installPrivacyKeys, parsePrivacyKeys, privacyKeys } from '../../privacy/keyring.ts';
import { AuditAgentMismatch, recordRevealAudit } from '../../privacy/privacyAudit.ts';
import { TEST_DRIVERS } from '../../testing/testDrivers.ts';
import {
  bearer,
  login,
  pullAll,
  push,
  startTestServer,
  syncVersion,
  TEST_INTAKE_KEY,
  type TestServer,
} from '../../testing/testServer.ts';

/** Personal data seeded on purpose, so the raw database can be searched for it. */
const KNOWN = {
  name: '欧阳测试娜',
  phone: '13912345678',
  email: 'ouyang.known@example.cn',
  address: '浙江省杭州市西湖区文三路88号7栋1203室',
  id_number: '330106199003071234',
  health_notes: '对青霉素过敏（测试备注）',
};
const PLAINTEXTS = Object.values(KNOWN);

type Put = Extract<PatchOp, { op: 'put' }>;
const ops = (pages: PullResponse[]) => pages.flatMap((p) => p.patch);
const putsOf = (pages: PullResponse[], entity: string) =>
  ops(pages).filter((o): o is Put => o.op === 'put' && o.entity === entity);

describe.each(TEST_DRIVERS)('privacy at rest, export, erasure, roles ($name)', (driver) => {
  let s: TestServer;
  let customerId: string;
  let ticketId: string;
  const tokens: Record<string, string> = {};
  const agentIds: Record<string, string> = {};

  const get = (url: string, who: string) =>
    s.app.inject({ method: 'GET', url, headers: bearer(tokens[who]!) });
  const erase = (id: string, who: string, payload: object = { reason: '客户要求删除个人信息' }) =>
    s.app.inject({
      method: 'DELETE',
      url: `/api/privacy/customers/${id}`,
      headers: bearer(tokens[who]!),
      payload,
    });

  beforeAll(async () => {
    s = await startTestServer(driver, { tickets: 40 });
    for (const who of ['admin', 'lead1', 'agent1', 'agent3', 'lead2']) {
      const session = await login(s.app, who);
      tokens[who] = session.accessToken;
      agentIds[who] = session.agent.id;
    }
    // A customer with every privacy field, then a ticket for them through intake (phone written
    // differently: the blind index must find the same customer).
    customerId = randomUUID();
    await writeTransaction(s.db, async (tx, stamp) => {
      const row = encryptCustomerColumns(privacyKeys(), { id: customerId, ...KNOWN });
      await tx.query(
        `insert into customers (id, name, phone, email, address, id_number, health_notes, phone_index,
           loyalty_tier, flags, created_at, updated_at, version)
         values ($1, $2, $3, $4, $5, $6, $7, $8, 'gold', '[]'::jsonb, $9, $9, $10)`,
        [
          row.id,
          row.name,
          row.phone,
          row.email,
          row.address,
          row.id_number,
          row.health_notes,
          row.phone_index,
          stamp.now,
          stamp.version,
        ],
      );
    });
    const res = await s.app.inject({
      method: 'POST',
      url: '/api/intake/tickets',
      headers: { 'x-api-key': TEST_INTAKE_KEY },
      payload: {
        channel: 'phone',
        externalId: 'privacy-1',
        customer: { name: '来电客户', phone: '+86 139-1234-5678', email: null },
        subject: '咨询退货',
        body: '想问一下退货流程。',
      },
    });
    expect(res.statusCode).toBe(201);
    ticketId = res.json().ticketId;
  });
  afterAll(() => s.close());

  it('keeps no personal plaintext anywhere in the database', async () => {
    const { rows: tables } = await s.db.query<{ name: string }>(
      `select table_name as name from information_schema.tables
       where table_schema = current_schema() and table_type = 'BASE TABLE'`,
    );
    expect(tables.map((t) => t.name)).toEqual(
      expect.arrayContaining(['customers', 'privacy_audit', 'deleted_rows']),
    );
    for (const { name } of tables) {
      const { rows } = await s.db.query<{ t: string }>(`select x::text as t from ${name} x`);
      const raw = rows.map((r) => r.t).join('\n');
      for (const value of PLAINTEXTS) expect(raw, `${name} holds plaintext`).not.toContain(value);
      expect(raw).not.toContain('1391234');
    }
    const { rows } = await s.db.query<{ n: number }>('select count(*)::int as n from customers');
    expect(Number(rows[0]!.n)).toBeGreaterThan(10);
  });

  it('found the customer by phone through the blind index and decrypts on pull for their team', async () => {
    const { rows } = await s.db.query<{ customer_id: string }>(
      'select customer_id from tickets where id = $1',
      [ticketId],
    );
    expect(rows[0]!.customer_id).toBe(customerId);
    const pages = await pullAll(s.app, tokens.agent1!, randomUUID(), null);
    const customer = putsOf(pages, 'customer').find((o) => o.value.id === customerId)?.value as Customer;
    expect(customer).toMatchObject({
      name: KNOWN.name,
      phone: KNOWN.phone,
      email: KNOWN.email,
      address: KNOWN.address,
      idNumber: KNOWN.id_number,
      healthNotes: KNOWN.health_notes,
    });
  });

  it('keeps another team out: not pulled, pushes refused; a lead sees only their team', async () => {
    for (const who of ['agent3', 'lead2']) {
      const pages = await pullAll(s.app, tokens[who]!, randomUUID(), null);
      expect(putsOf(pages, 'customer').some((o) => o.value.id === customerId)).toBe(false);
      expect(putsOf(pages, 'ticket').some((o) => o.value.id === ticketId)).toBe(false);
    }
    const lead = await login(s.app, 'lead2');
    const tickets = putsOf(await pullAll(s.app, tokens.lead2!, randomUUID(), null), 'ticket');
    expect(tickets.length).toBeGreaterThan(0);
    expect(tickets.every((o) => (o.value as Ticket).teamId === lead.agent.teamId)).toBe(true);

    const res = await push(s.app, tokens.agent3!, {
      clientId: randomUUID(),
      mutations: [
        {
          id: 1,
          name: 'replyToTicket',
          args: { ticketId, eventId: randomUUID(), body: '你好' },
          clientTime: 1,
        },
      ],
    });
    expect(res.json().results[0]).toMatchObject({ status: 'rejected', reason: 'ticket_not_found' });
  });

  it('lets only admins export, erase or read the audit', async () => {
    for (const who of ['agent1', 'lead1', 'agent3']) {
      expect((await get(`/api/privacy/customers/${customerId}/export`, who)).statusCode).toBe(403);
      expect((await get(`/api/privacy/audit?customerId=${customerId}`, who)).statusCode).toBe(403);
      expect((await erase(customerId, who)).statusCode).toBe(403);
    }
    expect((await s.app.inject({ method: 'GET', url: '/api/privacy/audit' })).statusCode).toBe(401);
    const { rows } = await s.db.query('select 1 from customers where id = $1', [customerId]);
    expect(rows).toHaveLength(1);
  });

  it('exports a customer decrypted, with tickets and events, and audits it', async () => {
    const res = await get(`/api/privacy/customers/${customerId}/export`, 'admin');
    expect(res.statusCode).toBe(200);
    const data = res.json();
    expect(data.customer).toMatchObject({ name: KNOWN.name, idNumber: KNOWN.id_number });
    expect(data.tickets.map((t: Ticket) => t.id)).toContain(ticketId);
    expect(data.events.length).toBeGreaterThan(0);
    expect((await get(`/api/privacy/customers/${randomUUID()}/export`, 'admin')).statusCode).toBe(404);

    const audit = (await get(`/api/privacy/audit?customerId=${customerId}`, 'admin')).json().entries;
    expect(audit).toEqual([
      expect.objectContaining({ action: 'export', agentId: agentIds.admin, field: null }),
    ]);
  });

  it('records reveal audits once, only for the agent they name, and never lets them change', async () => {
    const audit = {
      id: randomUUID(),
      agentId: agentIds.agent1!,
      customerId,
      field: 'phone' as const,
      reason: 'other' as const,
      reasonText: `回拨 ${KNOWN.phone}`,
      at: 1_700_000_000_000,
    };
    const agent = { id: agentIds.agent1! };
    expect(await s.db.transaction((tx) => recordRevealAudit(tx, agent, audit))).toBe(true);
    expect(await s.db.transaction((tx) => recordRevealAudit(tx, agent, audit))).toBe(false);
    await expect(
      s.db.transaction((tx) =>
        recordRevealAudit(tx, { id: agentIds.agent3! }, { ...audit, id: randomUUID() }),
      ),
    ).rejects.toBeInstanceOf(AuditAgentMismatch);

    const entries = (await get(`/api/privacy/audit?customerId=${customerId}`, 'admin')).json().entries;
    const reveal = entries.find((e: { id: string }) => e.id === audit.id);
    expect(reveal).toMatchObject({ action: 'reveal', field: 'phone', reason: 'other', at: audit.at });
    expect(reveal.reasonText).not.toContain(KNOWN.phone);

    await expect(s.db.query("update privacy_audit set reason = 'callback'")).rejects.toThrow(/append-only/);
    await expect(s.db.query('delete from privacy_audit')).rejects.toThrow(/append-only/);
  });

  it('fails loudly on a tampered, truncated, moved or foreign-key value', async () => {
    const read = async (id: string) =>
      (await s.db.query<CustomerRow>(`select ${CUSTOMER_COLUMNS} from customers where id = $1`, [id]))
        .rows[0]!;
    const mine = await read(customerId);
    const other = (
      await s.db.query<CustomerRow>(`select ${CUSTOMER_COLUMNS} from customers where id <> $1 limit 1`, [
        customerId,
      ])
    ).rows[0]!;
    const flip = (envelope: string) => {
      const at = envelope.length - 5;
      return envelope.slice(0, at) + (envelope[at] === 'A' ? 'B' : 'A') + envelope.slice(at + 1);
    };
    const cases: [string, CustomerRow, RegExp][] = [
      ['tampered', { ...mine, name: flip(mine.name) }, /customers\.name of .* failed authentication/],
      [
        'truncated',
        { ...mine, phone: mine.phone.slice(0, -8) },
        /customers\.phone of .* failed authentication/,
      ],
      ['cut short', { ...mine, phone: mine.phone.slice(0, 20) }, /customers\.phone of .* truncated/],
      ['swapped row', { ...mine, phone: other.phone }, /customers\.phone of .* failed authentication/],
      ['swapped column', { ...mine, email: mine.address }, /customers\.email of .* failed authentication/],
      ['plaintext', { ...mine, name: KNOWN.name }, /not a cd1 envelope/],
      ['unknown key', { ...mine, name: mine.name.replace(/^cd1\.[^.]+\./, 'cd1.retired.') }, /key "retired"/],
    ];
    for (const [what, row, message] of cases) {
      expect(() => toCustomer(row), what).toThrow(FieldCipherError);
      expect(() => toCustomer(row), what).toThrow(message);
    }
    expect(toCustomer(mine).name).toBe(KNOWN.name);
  });

  it('erases a customer everywhere in one write, and pulls tell caches to drop them', async () => {
    const ownClient = randomUUID();
    const own = await pullAll(s.app, tokens.agent1!, ownClient, null);
    const adminClient = randomUUID();
    const adminPages = await pullAll(s.app, tokens.admin!, adminClient, null);
    const otherClient = randomUUID();
    const other = await pullAll(s.app, tokens.agent3!, otherClient, null);
    const { rows: eventRows } = await s.db.query<{ id: string }>(
      'select id from ticket_events where ticket_id = $1',
      [ticketId],
    );

    expect((await erase(customerId, 'admin', {})).statusCode).toBe(400);
    const before = await syncVersion(s.db);
    const res = await erase(customerId, 'admin');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      customer: 1,
      tickets: 1,
      events: eventRows.length,
      version: before + 1,
    });
    expect(await syncVersion(s.db)).toBe(before + 1);
    for (const [table, column] of [
      ['customers', 'id'],
      ['tickets', 'customer_id'],
      ['orders', 'customer_id'],
    ]) {
      const { rows } = await s.db.query(`select 1 from ${table} where ${column} = $1`, [customerId]);
      expect(rows, table).toHaveLength(0);
    }

    const dels = async (token: string, client: string, pages: PullResponse[]) =>
      ops(await pullAll(s.app, token, client, pages[pages.length - 1]!.cookie))
        .filter((o): o is Extract<PatchOp, { op: 'del' }> => o.op === 'del')
        .map((o) => `${o.entity}:${o.id}`);
    const expected = [
      `customer:${customerId}`,
      `ticket:${ticketId}`,
      ...eventRows.map((e) => `event:${e.id}`),
    ];
    expect(await dels(tokens.agent1!, ownClient, own)).toEqual(expect.arrayContaining(expected));
    expect(await dels(tokens.admin!, adminClient, adminPages)).toEqual(expect.arrayContaining(expected));
    expect(await dels(tokens.agent3!, otherClient, other)).toEqual([]);

    const audit = (await get(`/api/privacy/audit?customerId=${customerId}`, 'admin')).json().entries;
    expect(audit[0]).toMatchObject({
      action: 'erase',
      agentId: agentIds.admin,
      reasonText: '客户要求删除个人信息',
    });
    expect(JSON.stringify(audit)).not.toContain(KNOWN.name);
    expect((await erase(customerId, 'admin')).statusCode).toBe(404);
  });

  it('encrypts pre-010 plaintext rows in place and re-keys everything after a rotation', async () => {
    const legacy = randomUUID();
    await s.db.query(
      `insert into customers (id, name, phone, loyalty_tier, created_at, updated_at, version)
       values ($1, '旧数据客户', '13700001111', 'regular', 1, 1, 1)`,
      [legacy],
    );
    expect(await encryptLegacyCustomers(s.db, privacyKeys())).toBe(1);
    const read = async () =>
      (await s.db.query<CustomerRow>(`select ${CUSTOMER_COLUMNS} from customers where id = $1`, [legacy]))
        .rows[0]!;
    expect(toCustomer(await read())).toMatchObject({ name: '旧数据客户', phone: '13700001111' });

    const old = privacyKeys();
    const text = (k: Buffer) => k.toString('base64');
    const rotated = parsePrivacyKeys(
      `k2:${text(Buffer.alloc(32, 7))},${old.current.id}:${text(old.current.key)}`,
      text(old.indexKey),
    );
    installPrivacyKeys(rotated);
    const { rows } = await s.db.query<{ n: number }>('select count(*)::int as n from customers');
    expect(await rekeyCustomers(s.db, rotated)).toBe(Number(rows[0]!.n));
    const { rows: stale } = await s.db.query("select 1 from customers where name not like 'cd1.k2.%'");
    expect(stale).toHaveLength(0);
    const onlyNew = parsePrivacyKeys(`k2:${text(Buffer.alloc(32, 7))}`, text(old.indexKey));
    installPrivacyKeys(onlyNew);
    expect(toCustomer(await read()).name).toBe('旧数据客户');
    expect(await rekeyCustomers(s.db, onlyNew)).toBe(0);
  });
});
