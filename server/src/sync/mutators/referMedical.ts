import { appendAgentEvent } from './appendAgentEvent.ts';
import type { Mutator } from './context.ts';
import { withTag } from './ticketFields.ts';

/**
 * A health case referred to medical advice (never a diagnosis). The `medical_referral` tag lets
 * leads and quality find every such case.
 */
export const referMedical: Mutator<'referMedical'> = async (ctx, args) => {
  const appended = await appendAgentEvent(ctx, 'referMedical', args.ticketId, args.eventId, () => ({
    kind: 'medical_referral',
    advice: args.advice,
  }));
  if (!appended) return;
  const { ticket, version, now } = appended;
  await ctx.tx.query('update tickets set tags = $2::jsonb, updated_at = $3, version = $4 where id = $1', [
    ticket.id,
    JSON.stringify(withTag(ticket.tags, 'medical_referral')),
    now,
    version,
  ]);
};
