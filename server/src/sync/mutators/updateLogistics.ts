import { appendAgentEvent, touchTicket } from './appendAgentEvent.ts';
import type { Mutator } from './context.ts';
import { MutationRejected } from './MutationRejected.ts';

/** A logistics step logged by the agent, for a return or exchange opened on this very ticket. */
export const updateLogistics: Mutator<'updateLogistics'> = async (ctx, args) => {
  const appended = await appendAgentEvent(
    ctx,
    'updateLogistics',
    args.ticketId,
    args.eventId,
    async (ticket) => {
      const { rows } = await ctx.tx.query(
        `select 1 from ticket_events
       where kind = 'return_request' and payload->>'rmaNo' = $1 and ticket_id = $2`,
        [args.rmaNo, ticket.id],
      );
      if (!rows.length) throw new MutationRejected('rma_not_found');
      return {
        kind: 'logistics_update',
        rmaNo: args.rmaNo,
        status: args.status,
        carrier: args.carrier,
        trackingNo: args.trackingNo,
        note: args.note,
      };
    },
  );
  if (appended) await touchTicket(ctx, appended);
};
