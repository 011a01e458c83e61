import type { Agent } from '@shared/domain/index.ts';
import type { RejectionDetails } from '@shared/sync/protocol.ts';
import { notLoggedIn } from '../auth/authenticate.ts';
import type { WriteStamp } from '../db/beginWrite.ts';
import { AGENT_COLUMNS, toAgent, type AgentRow } from '../db/rows.ts';
import type { DbQueryable } from '../db/types.ts';
import { HttpError } from '../http/errors.ts';

const notYours = () =>
  new HttpError(403, 'forbidden', 'This client id belongs to another agent: use a new client id');

/** The last mutation id processed for a client (0 for a client never seen); 403 if another agent's. */
export async function readLastMutationId(q: DbQueryable, clientId: string, agentId: string): Promise<number> {
  const { rows } = await q.query<{ agent_id: string; last_mutation_id: number }>(
    'select agent_id, last_mutation_id from clients where client_id = $1',
    [clientId],
  );
  const row = rows[0];
  if (!row) return 0;
  if (row.agent_id !== agentId) throw notYours();
  return Number(row.last_mutation_id);
}

export interface MutationStart {
  /** The pushing agent as the database has it now (role and team apply at once). */
  agent: Agent;
  /** The client's lastMutationId before this mutation. */
  last: number;
  /**
   * Set only when the mutation is the client's next one (`last + 1`): the client now stands at it and
   * the mutation is recorded as applied, both at this version (`recordRefusal` turns it into a refusal).
   */
  stamp: WriteStamp | null;
}

/** The mutation as the push received it: what `startMutation` records. */
export interface PushedMutation {
  id: number;
  name: string;
  args: unknown;
  clientTime: number;
}

const AGENT_SELECT = AGENT_COLUMNS.split(', ')
  .map((c) => `a.${c}`)
  .join(', ');

/**
 * The first statement of a pushed mutation's transaction: everything the push does besides running the
 * mutator, in one round trip.
 *
 * 1. beginWrite's `sync_state.version += 1` (db/beginWrite.ts), first as in every writing transaction,
 *    so the sync_state row lock keeps commits in version order. It is taken before the client row:
 *    every writer locks sync_state first, so client rows cannot close a deadlock cycle, and two pushes
 *    of one client (two windows, a retry racing the original) process its sequence one at a time. A
 *    replay or a gap is answered and rolled back by the caller, which gives the version back.
 * 2. Creates the client row on first push, or advances it to this mutation when it is the next one
 *    (`do update … where` locks the row even where its condition is false).
 * 3. When it advanced, records the mutation as applied at this version: the bookkeeping commits with
 *    the mutator's writes or not at all, and a refusal only rewrites the outcome (`recordRefusal`).
 * 4. Reads the agent row, fresh in this transaction (the authenticate hook skips it for the push).
 *
 * 401 when the agent no longer exists, 403 when the client id is another agent's; both roll back.
 */
export async function startMutation(
  q: DbQueryable,
  clientId: string,
  agentId: string,
  mutation: PushedMutation,
): Promise<MutationStart> {
  const now = Date.now();
  const { rows } = await q.query<
    AgentRow & {
      client_agent_id: string | null;
      last_mutation_id: number | null;
      write_version: number | null;
      epoch: string | null;
    }
  >(
    `with stamp as (
       update sync_state set version = version + 1 returning version, epoch
     ), client as (
       insert into clients (client_id, agent_id, last_mutation_id, version, created_at, updated_at)
       select $1::uuid, $2::uuid, case when $4::bigint = 1 then 1 else 0 end,
         case when $4::bigint = 1 then s.version else 0 end, $3::bigint, $3::bigint
       from stamp s where exists (select 1 from agents where id = $2::uuid)
       on conflict (client_id) do update
         set last_mutation_id = $4::bigint, version = (select version from stamp), updated_at = $3::bigint
         where clients.last_mutation_id = $4::bigint - 1 and clients.agent_id = $2::uuid
       returning agent_id, last_mutation_id
     ), recorded as (
       insert into mutations (client_id, id, name, args, status, client_time, server_time, version)
       select $1::uuid, $4::bigint, $5::text, $6::jsonb, 'applied', $7::bigint, $3::bigint, s.version
       from client c, stamp s where c.last_mutation_id = $4::bigint
     )
     select ${AGENT_SELECT}, c.agent_id as client_agent_id, c.last_mutation_id,
       s.version as write_version, s.epoch
     from agents a left join client c on true left join stamp s on true
     where a.id = $2::uuid`,
    [clientId, agentId, now, mutation.id, mutation.name, JSON.stringify(mutation.args), mutation.clientTime],
  );
  const row = rows[0];
  if (!row) throw notLoggedIn();
  if (row.write_version === null || row.epoch === null) {
    throw new Error('sync_state row is missing: the database was not migrated');
  }
  const agent = toAgent(row);
  if (row.client_agent_id !== null && Number(row.last_mutation_id) === mutation.id) {
    return {
      agent,
      last: mutation.id - 1,
      stamp: { version: Number(row.write_version), epoch: row.epoch, now },
    };
  }
  // Not advanced: a replay, a gap or another agent's client (403 here). The row is locked by now
  // (`do update` locks it even where its condition is false), so this read is its settled state.
  const last =
    row.client_agent_id !== null
      ? Number(row.last_mutation_id)
      : await readLastMutationId(q, clientId, agentId);
  return { agent, last, stamp: null };
}

/**
 * Turns the outcome `startMutation` recorded into the mutator's refusal: reason and details kept, so a
 * replay answers the same (the client's position stays advanced: the queue moves past it).
 */
export async function recordRefusal(
  q: DbQueryable,
  clientId: string,
  mutationId: number,
  reason: string,
  details: RejectionDetails | null,
): Promise<void> {
  await q.query(
    `update mutations set status = 'rejected', reason = $3, details = $4::jsonb
     where client_id = $1 and id = $2`,
    [clientId, mutationId, reason, details === null ? null : JSON.stringify(details)],
  );
}
