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

/**
 * Creates the client row on first push and locks it for the rest of the transaction, so two pushes
 * from one client (two windows, a retry racing the original) process its sequence one at a time.
 * `do update` rather than `do nothing` because only an update takes the row lock.
 */
export async function lockClient(q: DbQueryable, clientId: string, agentId: string): Promise<number> {
  const now = Date.now();
  const { rows } = await q.query<{ agent_id: string; last_mutation_id: number }>(
    `insert into clients (client_id, agent_id, created_at, updated_at) values ($1, $2, $3, $3)
     on conflict (client_id) do update set updated_at = clients.updated_at
     returning agent_id, last_mutation_id`,
    [clientId, agentId, now],
  );
  const row = rows[0]!;
  if (row.agent_id !== agentId) throw notYours();
  return Number(row.last_mutation_id);
}
