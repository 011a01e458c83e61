import type { Mutation } from '@shared/sync/mutations.ts';
import { addNote } from './addNote.ts';
import { assignTicket } from './assignTicket.ts';
import { claimTicket } from './claimTicket.ts';
import type { MutatorContext } from './context.ts';
import { logCall } from './logCall.ts';
import { replyToTicket } from './replyToTicket.ts';
import { revealAudit } from './revealAudit.ts';
import { setStatus } from './setStatus.ts';

/** The server side of shared/sync/mutations.ts: one mutator per registered name. */
export function runMutator(ctx: MutatorContext, mutation: Mutation): Promise<void> {
  switch (mutation.name) {
    case 'replyToTicket':
      return replyToTicket(ctx, mutation.args);
    case 'addNote':
      return addNote(ctx, mutation.args);
    case 'setStatus':
      return setStatus(ctx, mutation.args);
    case 'logCall':
      return logCall(ctx, mutation.args);
    case 'claimTicket':
      return claimTicket(ctx, mutation.args);
    case 'assignTicket':
      return assignTicket(ctx, mutation.args);
    case 'revealAudit':
      return revealAudit(ctx, mutation.args);
  }
}

export { MutationRejected, type RejectReason } from './MutationRejected.ts';
