import type { RejectionDetails, RejectReason } from '@shared/sync/protocol.ts';

export type { RejectReason };

/**
 * A mutation refused by a business rule. `reason` is an i18n key `sync.reject.<reason>` on the
 * client, `details` the data its message needs. A refusal is an answer, not a failure: the mutation
 * is recorded with its outcome and the client's queue moves on.
 */
export class MutationRejected extends Error {
  constructor(
    readonly reason: RejectReason,
    readonly details: RejectionDetails | null = null,
  ) {
    super(reason);
  }
}
