import type { Agent } from '@shared/domain/index.ts';
import type { Mutation } from '@shared/sync/mutations.ts';
import type {
  MutationGap,
  MutationResult,
  PushRequest,
  PushResponse,
  RejectionDetails,
} from '@shared/sync/protocol.ts';
import { beginWrite } from '../db/beginWrite.ts';
import type { Db, DbTx } from '../db/types.ts';
import { lockClient } from './clients.ts';
import { MutationRejected, runMutator } from './mutators/index.ts';

export type PushOutcome = { status: 200; body: PushResponse } | { status: 409; body: MutationGap };

type Step =
  | { kind: 'result'; result: MutationResult; last: number; fresh: boolean }
  | { kind: 'gap'; expected: number };

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
    if (step.fresh) onCommitted();
  }
  return { status: 200, body: { lastMutationId, results } };
}

async function processOne(tx: DbTx, agent: Agent, clientId: string, mutation: Mutation): Promise<Step> {
  const last = await lockClient(tx, clientId, agent.id);
  if (mutation.id <= last) {
    return { kind: 'result', result: await replayed(tx, clientId, mutation.id), last, fresh: false };
  }
  if (mutation.id > last + 1) return { kind: 'gap', expected: last + 1 };

  const stamp = await beginWrite(tx);
  // A business refusal undoes the mutator's writes but keeps the bookkeeping below, so the refused
  // mutation is answered once and the client's queue moves past it. Any other error escapes and rolls
  // back everything: the mutation stays unprocessed and the client retries it.
  let rejection: MutationRejected | null = null;
  await tx.exec('savepoint mutator');
  try {
    await runMutator({ tx, stamp, agent }, mutation);
    await tx.exec('release savepoint mutator');
  } catch (err) {
    if (!(err instanceof MutationRejected)) throw err;
    await tx.exec('rollback to savepoint mutator');
    rejection = err;
  }
  const reason = rejection?.reason ?? null;
  const details = rejection?.details ?? null;

  // The outcome and the client's new position, in one statement. server_time is the server's clock:
  // clientTime is kept as the agent's hint, never trusted.
  await tx.query(
    `with recorded as (
       insert into mutations (client_id, id, name, args, status, reason, details, client_time, server_time, version)
       values ($1, $2, $3, $4::jsonb, $5, $6, $7::jsonb, $8, $9, $10)
     )
     update clients set last_mutation_id = $2, version = $10, updated_at = $9 where client_id = $1`,
    [
      clientId,
      mutation.id,
      mutation.name,
      JSON.stringify(mutation.args),
      reason ? 'rejected' : 'applied',
      reason,
      details === null ? null : JSON.stringify(details),
      mutation.clientTime,
      stamp.now,
      stamp.version,
    ],
  );
  return { kind: 'result', result: resultOf(mutation.id, reason, details), last: mutation.id, fresh: true };
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
