import { IntakeTicketRequest, type IntakeTicketResponse } from '@shared/api/http.ts';
import type { Db } from '../db/types.ts';
import { createIntakeTickets, type IntakeInput } from './createIntakeTickets.ts';
import { createGroupCommit, type Submit } from './groupCommit.ts';
import { refuseUnstorableText } from './storableText.ts';

/** The intake body as the route parses it: the shared contract, plus text the database can hold. */
export const IntakeTicketInput = IntakeTicketRequest.superRefine((value, ctx) =>
  refuseUnstorableText(value, ctx),
);

/**
 * Enough to amortise a write's fixed cost (BEGIN, the version stamp, the delivery check, matching,
 * the insert, COMMIT, the poke) over many deliveries; small enough that a write stays a few
 * milliseconds, so no caller waits long behind a burst.
 */
export const MAX_INTAKE_BATCH = 64;

/**
 * How long a write under load waits for more deliveries (intake/groupCommit.ts): a millisecond is
 * nothing to a channel system, and it lets a write carry every delivery in flight instead of half.
 */
export const INTAKE_LINGER_MS = 1;

/**
 * SQLSTATE classes 22 (data exception) and 23 (integrity constraint violation) mean the database
 * refused a value: one delivery is likely to blame, so the batch is retried one by one. Everything
 * else (connection, resources, a bug) fails the batch as a whole.
 */
export function isDataFault(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && /^2[23]/.test(code);
}

/**
 * One writer per server instance: deliveries are group-committed (intake/groupCommit.ts) into
 * createIntakeTickets, and `afterCommit` (the live poke) runs once per write that created a ticket,
 * before its callers are answered.
 */
export function createIntakeTicketWriter(
  db: Db,
  options: { defaultTeamId: string | null; afterCommit: () => Promise<void>; maxBatch?: number },
): Submit<IntakeInput, IntakeTicketResponse> {
  return createGroupCommit<IntakeInput, IntakeTicketResponse>(
    async (inputs) => {
      const answers = await createIntakeTickets(db, inputs, options.defaultTeamId);
      // The rows are committed by now: a failed poke only delays clients until their next pull, so it
      // must not turn this write into an error for its callers.
      if (answers.some((a) => a.created)) await options.afterCommit().catch(() => undefined);
      return answers;
    },
    { maxBatch: options.maxBatch ?? MAX_INTAKE_BATCH, lingerMs: INTAKE_LINGER_MS, isItemFault: isDataFault },
  );
}
