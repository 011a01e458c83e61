/**
 * Reasons a mutation is refused by a business rule. Each is an i18n key `sync.reject.<reason>` on
 * the client. A refusal is an answer, not a failure: the mutation is recorded and the queue moves on.
 */
export type RejectReason = 'ticket_not_found' | 'invalid_transition' | 'ticket_closed';

export class MutationRejected extends Error {
  constructor(readonly reason: RejectReason) {
    super(reason);
  }
}
