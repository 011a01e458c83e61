import type { PresenceEntry } from '@shared/sync/presence.ts';

/** One client's last report, as every server instance keeps it (the key is agentId + clientId). */
export interface PresenceRecord {
  agentId: string;
  clientId: string;
  displayName: string;
  /** The ticket's team, so a change reaches only the live streams that may see the ticket. */
  teamId: string | null;
  /** null: the client has no case open (the record is then dropped). */
  ticketId: string | null;
  typing: boolean;
  /** Server time of the report, on the instance that received it. */
  at: number;
}

/**
 * Records kept per agent: a desk has one per window or browser tab. Beyond this the oldest goes, so
 * a client inventing ids cannot grow the store without bound.
 */
export const MAX_CLIENTS_PER_AGENT = 16;

/** A ticket whose set of viewers or typists changed, and who changed it. */
export interface PresenceChange {
  ticketId: string;
  teamId: string;
  agentId: string;
}

interface Stored extends PresenceRecord {
  ticketId: string;
  teamId: string;
  /** This instance's clock: instances may disagree on time, so expiry never compares their clocks. */
  expiresAt: number;
}

export interface PresenceStore {
  /** Records a report; returns the tickets whose presence changed (none for a plain heartbeat). */
  apply(record: PresenceRecord): PresenceChange[];
  /** The live entries on a ticket, one per agent, without `exceptAgentId`'s. */
  list(ticketId: string, exceptAgentId: string): PresenceEntry[];
  /** Drops the records whose heartbeats stopped; returns the tickets that lost someone. */
  sweep(): PresenceChange[];
  readonly size: number;
}

/**
 * The in-memory presence of one server instance. Nothing is persisted: presence is worth seconds,
 * and a restarted instance learns it again from the next heartbeats (every 10 s).
 */
export function createPresenceStore(options: { ttlMs: number; now: () => number }): PresenceStore {
  const records = new Map<string, Stored>();
  const keyOf = (r: Pick<PresenceRecord, 'agentId' | 'clientId'>) => `${r.agentId}/${r.clientId}`;
  const changeOf = (r: Stored): PresenceChange => ({
    ticketId: r.ticketId,
    teamId: r.teamId,
    agentId: r.agentId,
  });

  /** Makes room for one more record of `agentId`; returns the tickets that lost someone. */
  function evictOldest(agentId: string): PresenceChange[] {
    const mine = [...records.entries()].filter(([, r]) => r.agentId === agentId);
    if (mine.length < MAX_CLIENTS_PER_AGENT) return [];
    const [key, oldest] = mine.reduce((a, b) => (b[1].at < a[1].at ? b : a));
    records.delete(key);
    return [changeOf(oldest)];
  }

  return {
    apply(record) {
      const key = keyOf(record);
      const before = records.get(key);
      // A report relayed late by another instance must not undo a newer one.
      if (before && record.at < before.at) return [];
      const changes: PresenceChange[] = [];
      const stillThere = before && before.expiresAt > options.now() && before.ticketId === record.ticketId;
      if (before && !stillThere) changes.push(changeOf(before));
      if (record.ticketId === null || record.teamId === null) {
        records.delete(key);
        return changes;
      }
      if (!before) changes.push(...evictOldest(record.agentId));
      const next: Stored = {
        ...record,
        ticketId: record.ticketId,
        teamId: record.teamId,
        expiresAt: options.now() + options.ttlMs,
      };
      records.set(key, next);
      if (!stillThere || before.typing !== record.typing) changes.push(changeOf(next));
      // An expired record renewed on the same ticket is one change, not a departure and an arrival.
      return changes.filter((c, i) => changes.findIndex((d) => d.ticketId === c.ticketId) === i);
    },

    list(ticketId, exceptAgentId) {
      const now = options.now();
      const byAgent = new Map<string, PresenceEntry>();
      for (const r of records.values()) {
        if (r.ticketId !== ticketId || r.agentId === exceptAgentId || r.expiresAt <= now) continue;
        const seen = byAgent.get(r.agentId);
        // One agent on two devices is one person: typing on either, last seen on the latest.
        byAgent.set(r.agentId, {
          agentId: r.agentId,
          displayName: r.displayName,
          ticketId,
          typing: r.typing || (seen?.typing ?? false),
          at: Math.max(r.at, seen?.at ?? 0),
        });
      }
      // By name, so a banner does not reshuffle on every heartbeat.
      return [...byAgent.values()].sort((a, b) => a.displayName.localeCompare(b.displayName));
    },

    sweep() {
      const now = options.now();
      const changes: PresenceChange[] = [];
      for (const [key, r] of records) {
        if (r.expiresAt > now) continue;
        records.delete(key);
        changes.push(changeOf(r));
      }
      return changes;
    },

    get size() {
      return records.size;
    },
  };
}
