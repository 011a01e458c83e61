import type { Agent } from '@shared/domain/index.ts';
import type { Mutation } from '@shared/sync/mutations.ts';
import type { MutationGap, MutationResult, PushRequest, PushResponse } from '@shared/sync/protocol.ts';
import { beginWrite } from '../db/beginWrite.ts';
import type { Db, DbTx } from '../db/types.ts';
import { lockClient } from './clients.ts';
import { MutationRejected, runMutator } from './mutators/index.ts';

export type PushOutcome = { status: 200; body: PushResponse } | { status: 409; body: MutationGap };

type Step = { kind: 'result'; result: MutationResult; last: number } | { kind: 'gap'; expected: number };

/**
 * Applies a client's mutations in order, each in its own transaction, so one slow or refused
 * mutation never holds the others' rows. The client's sequence must be gap-free: a mutation past
 * lastMutationId + 1 stops the push with 409 (those before it stay applied; the client re-pushes and
 * gets them back as duplicates). `onCommitted` runs after each mutation that changed something, so
 * the caller can poke even when a later mutation fails.
 */
export async function pushMutations(
  db: Db,
  agent: Agent,
  request: PushRequest,
  onCommitted: () => void = () => undefined,
): Promise<PushOutcome> {
  const results: MutationResult[] = [];
  let lastMutationId = 0;
  for (const mutation of request.mutations) {
    const step = await db.transaction((tx) => processOne(tx, agent, request.clientId, mutation));
    if (step.kind === 'gap') return { status: 409, body: { error: 'mutation_gap', expected: step.expected } };
    results.push(step.result);
    lastMutationId = step.last;
    if (step.result.status !== 'duplicate') onCommitted();
  }
  return { status: 200, body: { lastMutationId, results } };
}

async function processOne(tx: DbTx, agent: Agent, clientId: string, mutation: Mutation): Promise<Step> {
  const last = await lockClient(tx, clientId, agent.id);
  if (mutation.id <= last) {
    return { kind: 'result', result: { id: mutation.id, status: 'duplicate', reason: null }, last };
  }
  if (mutation.id > last + 1) return { kind: 'gap', expected: last + 1 };

  const stamp = await beginWrite(tx);
  // A business refusal undoes the mutator's writes but keeps the bookkeeping below, so the refused
  // mutation is answered once and the client's queue moves past it. Any other error escapes and rolls
  // back everything: the mutation stays unprocessed and the client retries it.
  let reason: MutationRejected['reason'] | null = null;
  await tx.exec('savepoint mutator');
  try {
    await runMutator({ tx, stamp, agent }, mutation);
    await tx.exec('release savepoint mutator');
  } catch (err) {
    if (!(err instanceof MutationRejected)) throw err;
    await tx.exec('rollback to savepoint mutator');
    reason = err.reason;
  }

  await tx.query(
    `insert into mutations (client_id, id, name, args, status, reason, client_time, server_time)
     values ($1, $2, $3, $4::jsonb, $5, $6, $7, $8)`,
    [
      clientId,
      mutation.id,
      mutation.name,
      JSON.stringify(mutation.args),
      reason ? 'rejected' : 'applied',
      reason,
      mutation.clientTime,
      stamp.now,
    ],
  );
  await tx.query(
    'update clients set last_mutation_id = $2, version = $3, updated_at = $4 where client_id = $1',
    [clientId, mutation.id, stamp.version, stamp.now],
  );
  return {
    kind: 'result',
    result: { id: mutation.id, status: reason ? 'rejected' : 'applied', reason },
    last: mutation.id,
  };
}
