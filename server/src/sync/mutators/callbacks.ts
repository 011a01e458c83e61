import { nextCallbackOf, openCallbacks } from '@shared/ticket/afterSalesRules.ts';
import { appendAgentEvent, type Appended } from './appendAgentEvent.ts';
import type { Mutator, MutatorContext } from './context.ts';
import { MutationRejected } from './MutationRejected.ts';
import { ticketEventsOf } from './ticketEvents.ts';

/**
 * Schedules a callback, or moves an open one to a new time (same callbackId). A callbackId that is
 * already done cannot be moved: `callback_not_found`.
 */
export const scheduleCallback: Mutator<'scheduleCallback'> = async (ctx, args) => {
  const appended = await appendAgentEvent(ctx, 'scheduleCallback', args.ticketId, args.eventId, async (t) => {
    const events = await ticketEventsOf(ctx, t.id, ['callback']);
    const known = events.some((e) => e.kind === 'callback' && e.callbackId === args.callbackId);
    const open = openCallbacks(events).some((c) => c.callbackId === args.callbackId);
    if (known && !open) throw new MutationRejected('callback_not_found');
    return {
      kind: 'callback',
      callbackId: args.callbackId,
      action: open ? 'rescheduled' : 'scheduled',
      dueAt: args.dueAt,
      note: args.note,
    };
  });
  if (appended) await refreshNextCallback(ctx, appended);
};

/** Logs an open callback as done; it leaves the callbacks-due list. */
export const completeCallback: Mutator<'completeCallback'> = async (ctx, args) => {
  const appended = await appendAgentEvent(ctx, 'completeCallback', args.ticketId, args.eventId, async (t) => {
    const open = openCallbacks(await ticketEventsOf(ctx, t.id, ['callback']));
    if (!open.some((c) => c.callbackId === args.callbackId)) throw new MutationRejected('callback_not_found');
    return { kind: 'callback', callbackId: args.callbackId, action: 'done', dueAt: null, note: args.note };
  });
  if (appended) await refreshNextCallback(ctx, appended);
};

/** tickets.next_callback from all the ticket's callback events, the new one included. */
async function refreshNextCallback(ctx: MutatorContext, { ticket, version, now }: Appended): Promise<void> {
  const next = nextCallbackOf(await ticketEventsOf(ctx, ticket.id, ['callback']));
  await ctx.tx.query(
    'update tickets set next_callback = $2::jsonb, updated_at = $3, version = $4 where id = $1',
    [ticket.id, next === null ? null : JSON.stringify(next), now, version],
  );
}
