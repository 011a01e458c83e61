import { appendAgentEvent } from './appendAgentEvent.ts';
import type { Mutator } from './context.ts';
import { raisePriority, resolutionDueAt, withTag } from './ticketFields.ts';

/**
 * Escalates the case to a complaint: category `complaint` (and its shorter resolution deadline),
 * the `escalated` tag, and a priority of at least high with `complaint` among its reasons
 * (`routine` no longer applies).
 */
export const escalateComplaint: Mutator<'escalateComplaint'> = async (ctx, args) => {
  const appended = await appendAgentEvent(ctx, 'escalateComplaint', args.ticketId, args.eventId, () => ({
    kind: 'escalation',
    reason: args.reason,
  }));
  if (!appended) return;
  const { ticket, version, now } = appended;
  const reasons = ticket.priorityReasons.filter((r) => r !== 'routine');
  if (!reasons.includes('complaint')) reasons.push('complaint');
  await ctx.tx.query(
    `update tickets set category = 'complaint', tags = $2::jsonb, priority = $3, priority_reasons = $4::jsonb,
       resolution_due_at = $5, updated_at = $6, version = $7
     where id = $1`,
    [
      ticket.id,
      JSON.stringify(withTag(ticket.tags, 'escalated')),
      raisePriority(ticket.priority, 'high'),
      JSON.stringify(reasons.slice(-8)),
      resolutionDueAt(ticket, 'complaint'),
      now,
      version,
    ],
  );
};
