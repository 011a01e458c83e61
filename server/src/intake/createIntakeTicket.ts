import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { IntakeTicketRequest, IntakeTicketResponse } from '@shared/api/http.ts';
import type { LoyaltyTier, ProductLine } from '@shared/domain/index.ts';
import { computePriority } from '@shared/priority/computePriority.ts';
import { computeSlaDeadlines } from '@shared/sla/computeSlaDeadlines.ts';
import { writeTransaction, type WriteStamp } from '../db/beginWrite.ts';
import type { Db, DbTx } from '../db/types.ts';
import { insertEvent } from '../tickets/insertEvent.ts';
import { nextTicketNumber } from '../tickets/nextTicketNumber.ts';
import { encryptCustomerColumns, phoneIndex } from '../privacy/customerFields.ts';
import { privacyKeys } from '../privacy/keyring.ts';

/** The request after zod parsing (defaults filled in). */
type IntakeInput = z.output<typeof IntakeTicketRequest>;

/**
 * Opens a ticket from a channel system's delivery: customer found by phone (its blind index) or created, order
 * linked by its number when it exists, priority and SLA deadlines from the shared rules, first
 * customer message on the timeline. A delivery already seen returns its ticket with created: false.
 */
export async function createIntakeTicket(
  db: Db,
  input: IntakeInput,
  defaultTeamId: string | null,
): Promise<IntakeTicketResponse> {
  // The delivery check happens after beginWrite: the sync_state lock makes it race-free against a
  // concurrent retry of the same delivery. A retry thus burns one version number, which is harmless.
  return writeTransaction(db, async (tx, stamp) => {
    const { rows: seen } = await tx.query<{ id: string; number: string }>(
      `select t.id, t.number from intake_deliveries d join tickets t on t.id = d.ticket_id
       where d.channel = $1 and d.external_id = $2`,
      [input.channel, input.externalId],
    );
    if (seen[0]) return { ticketId: seen[0].id, number: seen[0].number, created: false };

    const customer = await findOrCreateCustomer(tx, stamp, input.customer);
    const order = input.orderNo ? await findOrder(tx, stamp, input.orderNo) : null;
    const teamId = await resolveTeam(tx, defaultTeamId, stamp.now);
    const { priority, reasons } = computePriority({
      category: input.category,
      text: `${input.subject}\n${input.body}`,
      loyaltyTier: customer.loyaltyTier,
    });
    const due = computeSlaDeadlines({
      channel: input.channel,
      category: input.category,
      createdAt: stamp.now,
    });
    const ticketId = randomUUID();
    const number = await nextTicketNumber(tx);

    await tx.query(
      `insert into tickets (id, number, channel, category, root_cause, status, priority, priority_reasons,
         subject, customer_id, order_id, product_line, team_id, assignee_id, tags, created_at, updated_at,
         first_response_at, resolved_at, first_response_due_at, resolution_due_at, last_customer_message_at,
         version)
       values ($1, $2, $3, $4, null, 'new', $5, $6::jsonb, $7, $8, $9, $10, $11, null, '[]'::jsonb, $12, $12,
         null, null, $13, $14, $12, $15)`,
      [
        ticketId,
        number,
        input.channel,
        input.category,
        priority,
        JSON.stringify(reasons),
        input.subject,
        customer.id,
        order?.id ?? null,
        order?.productLine ?? null,
        teamId,
        stamp.now,
        due.firstResponseDueAt,
        due.resolutionDueAt,
        stamp.version,
      ],
    );
    await insertEvent(
      tx,
      {
        id: randomUUID(),
        ticketId,
        kind: 'message',
        direction: 'inbound',
        channel: input.channel,
        body: input.body,
        authorType: 'customer',
        authorId: null,
        createdAt: stamp.now,
      },
      stamp.version,
    );
    await tx.query(
      'insert into intake_deliveries (channel, external_id, ticket_id, created_at) values ($1, $2, $3, $4)',
      [input.channel, input.externalId, ticketId, stamp.now],
    );
    return { ticketId, number, created: true };
  });
}

/**
 * An existing customer (or order) gets this transaction's version although nothing in it changed:
 * the new ticket may make it visible to a team that never had it, and a pull only sends rows newer
 * than the cookie. Re-stamping is how "newly visible" reaches that team.
 */
async function findOrCreateCustomer(
  tx: DbTx,
  stamp: WriteStamp,
  customer: IntakeInput['customer'],
): Promise<{ id: string; loyaltyTier: LoyaltyTier }> {
  // The phone column holds an envelope; the blind index (HMAC of the normalised number) is what matches.
  const keys = privacyKeys();
  const { rows } = await tx.query<{ id: string; loyalty_tier: LoyaltyTier }>(
    `update customers set version = $2 where id =
       (select id from customers where phone_index = $1 order by created_at, id limit 1)
     returning id, loyalty_tier`,
    [phoneIndex(keys, customer.phone), stamp.version],
  );
  if (rows[0]) return { id: rows[0].id, loyaltyTier: rows[0].loyalty_tier };

  const sealed = encryptCustomerColumns(keys, {
    id: randomUUID(),
    name: customer.name,
    phone: customer.phone,
    email: customer.email,
    address: null,
    id_number: null,
    health_notes: null,
  });
  await tx.query(
    `insert into customers (id, name, phone, email, address, id_number, health_notes, phone_index,
       loyalty_tier, flags, created_at, updated_at, version)
     values ($1, $2, $3, $4, null, null, null, $5, 'regular', '[]'::jsonb, $6, $6, $7)`,
    [sealed.id, sealed.name, sealed.phone, sealed.email, sealed.phone_index, stamp.now, stamp.version],
  );
  const id = sealed.id;
  return { id, loyaltyTier: 'regular' };
}

async function findOrder(
  tx: DbTx,
  stamp: WriteStamp,
  orderNo: string,
): Promise<{ id: string; productLine: ProductLine } | null> {
  const { rows } = await tx.query<{ id: string; product_line: ProductLine }>(
    'update orders set version = $2 where order_no = $1 returning id, product_line',
    [orderNo, stamp.version],
  );
  return rows[0] ? { id: rows[0].id, productLine: rows[0].product_line } : null;
}

/** The configured default team, else the oldest team; an empty database gets one made for it. */
async function resolveTeam(tx: DbTx, defaultTeamId: string | null, now: number): Promise<string> {
  if (defaultTeamId) return defaultTeamId;
  const { rows } = await tx.query<{ id: string }>('select id from teams order by created_at, id limit 1');
  if (rows[0]) return rows[0].id;
  const id = randomUUID();
  await tx.query('insert into teams (id, name, created_at) values ($1, $2, $3)', [id, '默认售后组', now]);
  return id;
}
