import { appendAgentEvent, touchTicket } from './appendAgentEvent.ts';
import type { Mutator } from './context.ts';

/** Goodwill after a bad experience: a coupon (fen) or loyalty points, recorded with why. */
export const grantCompensation: Mutator<'grantCompensation'> = async (ctx, args) => {
  const appended = await appendAgentEvent(ctx, 'grantCompensation', args.ticketId, args.eventId, () => ({
    kind: 'compensation',
    form: args.form,
    amount: args.amount,
    reason: args.reason,
  }));
  if (appended) await touchTicket(ctx, appended);
};
