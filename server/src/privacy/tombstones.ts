import type { Agent } from '@shared/domain/index.ts';
import type { PatchOp, SyncedEntity } from '@shared/sync/protocol.ts';
import type { DbTx } from '../db/types.ts';

/**
 * `del` ops for rows erased (privacy/customerData.ts eraseCustomer) with a version in
 * (after, upTo] — [after, upTo] when the cookie stopped inside version `after`; a del sent twice is
 * harmless, one never sent leaves personal data in a cache. Admins get every tombstone, others those
 * of their team. Called by sync/pull.ts.
 */
export async function readTombstones(
  tx: DbTx,
  agent: Pick<Agent, 'role' | 'teamId'>,
  after: number,
  inclusive: boolean,
  upTo: number,
): Promise<PatchOp[]> {
  const { rows } = await tx.query<{ entity: SyncedEntity; id: string }>(
    `select distinct entity, id from deleted_rows
     where version ${inclusive ? '>=' : '>'} $1 and version <= $2 and ($3::uuid is null or team_id = $3::uuid)
     order by entity, id`,
    [after, upTo, agent.role === 'admin' ? null : agent.teamId],
  );
  return rows.map((r) => ({ op: 'del', entity: r.entity, id: r.id }));
}
