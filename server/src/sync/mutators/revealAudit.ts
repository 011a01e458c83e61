import { AuditAgentMismatch, recordRevealAudit } from '../../privacy/privacyAudit.ts';
import type { Mutator } from './context.ts';
import { MutationRejected } from './MutationRejected.ts';

/**
 * Records one reveal of a sealed value in the append-only privacy_audit (the audit lives only on the
 * server). A replayed audit (same id) records nothing twice; an audit naming another agent is refused
 * with `forbidden`, so no agent can log a disclosure in someone else's name.
 */
export const revealAudit: Mutator<'revealAudit'> = async (ctx, args) => {
  try {
    await recordRevealAudit(ctx.tx, ctx.agent, args, ctx.stamp.now);
  } catch (err) {
    if (err instanceof AuditAgentMismatch) throw new MutationRejected('forbidden');
    throw err;
  }
};
