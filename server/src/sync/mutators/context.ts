import type { Agent } from '@shared/domain/index.ts';
import type { MutationArgs, MutationName } from '@shared/sync/mutations.ts';
import type { WriteStamp } from '../../db/beginWrite.ts';
import type { DbTx } from '../../db/types.ts';

/** What a mutator runs with: the open transaction, its version and time, and who acts. */
export interface MutatorContext {
  tx: DbTx;
  stamp: WriteStamp;
  agent: Agent;
}

/** A server mutator: writes its rows at `ctx.stamp.version` or throws MutationRejected. */
export type Mutator<N extends MutationName> = (ctx: MutatorContext, args: MutationArgs<N>) => Promise<void>;
