import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { IntakeTicketRequest, IntakeTicketResponse } from '@shared/api/http.ts';
import { computePriority } from '@shared/priority/computePriority.ts';
import { computeSlaDeadlines } from '@shared/sla/computeSlaDeadlines.ts';
import { writeTransaction } from '../db/beginWrite.ts';
import type { Db, DbTx } from '../db/types.ts';
import { insertIntakeRows } from './insertIntakeRows.ts';
import { matchIntakeParties } from './matchIntakeParties.ts';

/** The request after zod parsing (defaults filled in). */
export type IntakeInput = z.output<typeof IntakeTicketRequest>;

/** Deliveries are idempotent per (channel, externalId); channels are an enum, so a tab cannot collide. */
const deliveryKey = (d: { channel: string; externalId: string }) => `${d.channel}\t${d.externalId}`;

/**
 * Opens tickets from channel systems' deliveries, all in ONE write transaction with one version stamp
 * and a fixed number of statements however many deliveries there are (version stamp, delivery check,
 * matching, one insert of every row): customer found by phone (its blind index) or created, order
 * linked by its number when it exists, priority and SLA deadlines from the shared rules, first
 * customer message on the timeline. The answers come back in the order of `inputs`. A delivery
 * already seen (in an earlier transaction, or earlier in `inputs`) answers with its ticket and
 * created: false. Any failure rolls back the whole batch.
 */
export function createIntakeTickets(
  db: Db,
  inputs: readonly IntakeInput[],
  defaultTeamId: string | null,
): Promise<IntakeTicketResponse[]> {
  // The delivery check happens after beginWrite: the sync_state lock makes it race-free against a
  // concurrent retry of the same delivery, on this instance or another one over the same database.
  // A write holding only retries thus burns one version number, which is harmless.
  return writeTransaction(db, async (tx, stamp) => {
    const seen = await findDeliveries(tx, inputs);
    const fresh: IntakeInput[] = [];
    const freshKeys = new Set<string>();
    for (const input of inputs) {
      const key = deliveryKey(input);
      if (seen.has(key) || freshKeys.has(key)) continue;
      freshKeys.add(key);
      fresh.push(input);
    }
    if (!fresh.length) return inputs.map((input) => ({ ...seen.get(deliveryKey(input))!, created: false }));

    const parties = await matchIntakeParties(tx, stamp, {
      customers: fresh.map((input) => input.customer),
      orderNos: fresh.flatMap((input) => (input.orderNo ? [input.orderNo] : [])),
      defaultTeamId,
      ticketCount: fresh.length,
    });

    const made = new Map<string, IntakeTicketResponse>();
    const tickets = fresh.map((input, i) => {
      const customer = parties.customers[i]!;
      const order = input.orderNo ? parties.orders.get(input.orderNo) : undefined;
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
      const ticket = {
        id: randomUUID(),
        number: parties.numbers[i]!,
        channel: input.channel,
        category: input.category,
        root_cause: null,
        status: 'new',
        priority,
        priority_reasons: reasons,
        subject: input.subject,
        customer_id: customer.id,
        order_id: order?.id ?? null,
        product_line: order?.productLine ?? null,
        team_id: parties.teamId,
        assignee_id: null,
        tags: [],
        created_at: stamp.now,
        updated_at: stamp.now,
        first_response_at: null,
        resolved_at: null,
        first_response_due_at: due.firstResponseDueAt,
        resolution_due_at: due.resolutionDueAt,
        last_customer_message_at: stamp.now,
        next_callback: null,
      };
      made.set(deliveryKey(input), { ticketId: ticket.id, number: ticket.number, created: true });
      return ticket;
    });
    // The first inbound message, shaped as insertEvent (tickets/insertEvent.ts) writes a message event.
    const events = fresh.map((input, i) => ({
      id: randomUUID(),
      ticket_id: tickets[i]!.id,
      kind: 'message',
      author_type: 'customer',
      author_id: null,
      created_at: stamp.now,
      payload: { direction: 'inbound', channel: input.channel, body: input.body },
    }));
    const deliveries = fresh.map((input, i) => ({
      channel: input.channel,
      external_id: input.externalId,
      ticket_id: tickets[i]!.id,
      created_at: stamp.now,
    }));
    await insertIntakeRows(tx, stamp.version, {
      customers: parties.newCustomers,
      tickets,
      events,
      deliveries,
    });

    // Each delivery's first copy in the batch created its ticket; later copies are retries of it.
    const answered = new Set<string>();
    return inputs.map((input) => {
      const key = deliveryKey(input);
      const earlier = seen.get(key);
      if (earlier) return { ...earlier, created: false };
      const ticket = made.get(key)!;
      if (answered.has(key)) return { ...ticket, created: false };
      answered.add(key);
      return ticket;
    });
  });
}

/**
 * The tickets of deliveries already recorded, by delivery key, in one statement. The index is probed
 * with every channel × external id of the batch (the primary key takes both as arrays); a pair that
 * no input has is ignored by the lookup by key.
 */
async function findDeliveries(
  tx: DbTx,
  inputs: readonly IntakeInput[],
): Promise<Map<string, { ticketId: string; number: string }>> {
  const channels = [...new Set(inputs.map((input) => input.channel))];
  const externalIds = [...new Set(inputs.map((input) => input.externalId))];
  const { rows } = await tx.query<{ channel: string; external_id: string; id: string; number: string }>(
    `select d.channel, d.external_id, t.id, t.number
     from intake_deliveries d join tickets t on t.id = d.ticket_id
     where d.channel = any(array(select jsonb_array_elements_text($1::jsonb)))
       and d.external_id = any(array(select jsonb_array_elements_text($2::jsonb)))`,
    [JSON.stringify(channels), JSON.stringify(externalIds)],
  );
  return new Map(
    rows.map((r) => [
      deliveryKey({ channel: r.channel, externalId: r.external_id }),
      { ticketId: r.id, number: r.number },
    ]),
  );
}
