import type { Mutation } from '@shared/sync/mutations.ts';
import { addNote } from './addNote.ts';
import { assignTicket } from './assignTicket.ts';
import { completeCallback, scheduleCallback } from './callbacks.ts';
import { claimTicket } from './claimTicket.ts';
import { classifyTicket } from './classifyTicket.ts';
import type { MutatorContext } from './context.ts';
import { createReturn } from './createReturn.ts';
import { escalateComplaint } from './escalateComplaint.ts';
import { forwardToProduct } from './forwardToProduct.ts';
import { grantCompensation } from './grantCompensation.ts';
import { issueRefund } from './issueRefund.ts';
import { logCall } from './logCall.ts';
import { referMedical } from './referMedical.ts';
import { replyToTicket } from './replyToTicket.ts';
import { requestRepair } from './requestRepair.ts';
import { requestSurvey } from './requestSurvey.ts';
import { revealAudit } from './revealAudit.ts';
import { setAgentState } from './setAgentState.ts';
import { setStatus } from './setStatus.ts';
import { takeOverTicket } from './takeOverTicket.ts';
import { updateLogistics } from './updateLogistics.ts';

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
    case 'takeOverTicket':
      return takeOverTicket(ctx, mutation.args);
    case 'classifyTicket':
      return classifyTicket(ctx, mutation.args);
    case 'issueRefund':
      return issueRefund(ctx, mutation.args);
    case 'createReturn':
      return createReturn(ctx, mutation.args);
    case 'updateLogistics':
      return updateLogistics(ctx, mutation.args);
    case 'requestRepair':
      return requestRepair(ctx, mutation.args);
    case 'grantCompensation':
      return grantCompensation(ctx, mutation.args);
    case 'referMedical':
      return referMedical(ctx, mutation.args);
    case 'escalateComplaint':
      return escalateComplaint(ctx, mutation.args);
    case 'scheduleCallback':
      return scheduleCallback(ctx, mutation.args);
    case 'completeCallback':
      return completeCallback(ctx, mutation.args);
    case 'requestSurvey':
      return requestSurvey(ctx, mutation.args);
    case 'forwardToProduct':
      return forwardToProduct(ctx, mutation.args);
    case 'setAgentState':
      return setAgentState(ctx, mutation.args);
    case 'revealAudit':
      return revealAudit(ctx, mutation.args);
  }
}

export { MutationRejected, type RejectReason } from './MutationRejected.ts';
