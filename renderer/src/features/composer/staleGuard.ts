import type { CareDeskDb } from '../../db/CareDeskDb.ts';
import { readTimeline } from '../../db/ticketTimeline.ts';
import type { CachedAgent, CachedEvent } from '../../db/types.ts';

/**
 * The stale-reply guard's rules. The composer remembers which timeline entries existed when it
 * opened (or when the agent last sent or reviewed); a reply is held back when entries arrived
 * since from someone else: the customer wrote again, a colleague replied, noted or changed the
 * status. Ids, not timestamps: another desk's events carry its clock until the server's replaces it.
 */

/** The ids of a ticket's cached events. */
export async function readTicketEventIds(db: CareDeskDb, ticketId: string): Promise<string[]> {
  return (await readTimeline(db, ticketId)).map((e) => e.id);
}

/** Entries not in `seen` and not written by the signed-in agent, oldest first. */
export function unseenChanges(
  events: readonly CachedEvent[],
  seen: ReadonlySet<string>,
  agentId: string | null,
): CachedEvent[] {
  return events
    .filter(
      (e) => !seen.has(e.id) && !(e.authorType === 'agent' && e.authorId !== null && e.authorId === agentId),
    )
    .sort((a, b) => a.createdAt - b.createdAt);
}

export type ChangeKind = 'inbound' | 'outbound' | 'note' | 'call' | 'status_change' | 'other';

export interface StaleChange {
  id: string;
  kind: ChangeKind;
  /** Who: 'customer' / 'system', or an agent's display name (null when the agent is not cached). */
  author: { type: 'customer' | 'system' } | { type: 'agent'; name: string | null };
  at: number;
}

function kindOf(e: CachedEvent): ChangeKind {
  if (e.kind === 'message') return e.direction;
  if (e.kind === 'note' || e.kind === 'call' || e.kind === 'status_change') return e.kind;
  return 'other';
}

/** What the guard shows for each change: kind, author (agents by name from the cache) and time. */
export async function describeChanges(
  db: CareDeskDb,
  events: readonly CachedEvent[],
): Promise<StaleChange[]> {
  const ids = [
    ...new Set(events.flatMap((e) => (e.authorType === 'agent' && e.authorId ? [e.authorId] : []))),
  ];
  const agents = new Map(
    (await db.agents.bulkGet(ids)).flatMap((a): Array<[string, CachedAgent]> => (a ? [[a.id, a]] : [])),
  );
  return events.map((e) => ({
    id: e.id,
    kind: kindOf(e),
    author:
      e.authorType === 'agent'
        ? { type: 'agent', name: (e.authorId && agents.get(e.authorId)?.displayName) || null }
        : { type: e.authorType },
    at: e.createdAt,
  }));
}
