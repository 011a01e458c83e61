import type { Mutation } from '@shared/sync/mutations.ts';
import type {
  MutationGap,
  MutationResult,
  PushRequest,
  PushResponse,
  RejectionDetails,
} from '@shared/sync/protocol.ts';
import type { Db, DbTx } from '../db/types.ts';
import { recordRefusal, startMutation } from './clients.ts';
import { MutationRejected, runMutator } from './mutators/index.ts';
import { savepointBeforeFirstWrite } from './mutators/savepointBeforeFirstWrite.ts';

export type PushOutcome = { status: 200; body: PushResponse } | { status: 409; body: MutationGap };

type Step =
  | { kind: 'result'; result: MutationResult; last: number; fresh: boolean }
  | { kind: 'gap'; expected: number };

/**
 * A mutation answered without a change (a replay, a gap): thrown out of its transaction so that it
 * rolls back, returning the version its first statement spent, and caught by `pushMutations`.
 */
class AnsweredUnchanged extends Error {
  constructor(readonly step: Step) {
    super('answered without a change');
  }
}

/**
 * Applies a client's mutations in order, each in its own transaction, so one slow or refused
 * mutation never holds the others' rows. The client's sequence must be gap-free: a mutation past
 * lastMutationId + 1 stops the push with 409 (those before it stay applied; the client re-pushes and
 * gets them back as duplicates). `onCommitted` runs after each mutation that changed something, so
 * the caller can poke even when a later mutation fails. The agent is read inside each mutation's
 * transaction (401 if it no longer exists), so a role or team change applies from the next mutation.
 */
export async function pushMutations(
  db: Db,
  agentId: string,
  request: PushRequest,
  onCommitted: () => void = () => undefined,
): Promise<PushOutcome> {
  const results: MutationResult[] = [];
  let lastMutationId = 0;
  for (const mutation of request.mutations) {
    const step = await db
      .transaction((tx) => processOne(tx, agentId, request.clientId, mutation))
      .catch((err: unknown) => {
        if (err instanceof AnsweredUnchanged) return err.step;
        throw err;
      });
    if (step.kind === 'gap') return { status: 409, body: { error: 'mutation_gap', expected: step.expected } };
    results.push(step.result);
    lastMutationId = step.last;
    if (step.fresh) onCommitted();
  }
  return { status: 200, body: { lastMutationId, results } };
}

async function processOne(tx: DbTx, agentId: string, clientId: string, mutation: Mutation): Promise<Step> {
  const { agent, last, stamp } = await startMutation(tx, clientId, agentId, mutation);
  if (mutation.id <= last) {
    const result = await replayed(tx, clientId, mutation.id);
    throw new AnsweredUnchanged({ kind: 'result', result, last, fresh: false });
  }
  if (mutation.id > last + 1) throw new AnsweredUnchanged({ kind: 'gap', expected: last + 1 });
  if (!stamp) throw new Error(`client ${clientId} was not advanced to its next mutation ${mutation.id}`);

  // startMutation already advanced the client and recorded the mutation as applied, in this
  // transaction. A business refusal undoes the mutator's writes and rewrites that record, so the
  // refused mutation is answered once and the client's queue moves past it. Any other error escapes
  // and rolls back everything, bookkeeping included: the mutation stays unprocessed and the client
  // retries it. The savepoint is taken only before the mutator's first write: most refusals are
  // decided on reads and cost none.
  const guarded = savepointBeforeFirstWrite(tx, 'mutator');
  try {
    await runMutator({ tx: guarded.tx, stamp, agent }, mutation);
  } catch (err) {
    if (!(err instanceof MutationRejected)) throw err;
    await guarded.undo();
    await recordRefusal(tx, clientId, mutation.id, err.reason, err.details);
    const result = resultOf(mutation.id, err.reason, err.details);
    return { kind: 'result', result, last: mutation.id, fresh: true };
  }
  return { kind: 'result', result: resultOf(mutation.id, null, null), last: mutation.id, fresh: true };
}

function resultOf(id: number, reason: string | null, details: RejectionDetails | null): MutationResult {
  if (!reason) return { id, status: 'applied', reason: null };
  return details ? { id, status: 'rejected', reason, details } : { id, status: 'rejected', reason };
}

/**
 * The answer to a mutation processed before: `duplicate` if it was applied, its stored rejection if it
 * was refused. A client whose first answer was lost (timeout, crash) must still learn a refusal, or
 * the agent's change would vanish without a word when the next pull confirms it as processed.
 */
async function replayed(tx: DbTx, clientId: string, id: number): Promise<MutationResult> {
  const { rows } = await tx.query<{
    status: string;
    reason: string | null;
    details: RejectionDetails | null;
  }>('select status, reason, details from mutations where client_id = $1 and id = $2', [clientId, id]);
  const row = rows[0];
  if (row?.status === 'rejected') return resultOf(id, row.reason ?? 'unknown', row.details);
  return { id, status: 'duplicate', reason: null };
}
