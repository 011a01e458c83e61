import { z } from 'zod';
import type { Agent } from '@shared/domain/index.ts';
import { PRESENCE_TTL_MS, type PresenceEntry, type PresenceReport } from '@shared/sync/presence.ts';
import type { PokeHub } from '../sync/pokeHub.ts';
import { createPresenceStore, type PresenceChange, type PresenceRecord } from './presenceStore.ts';

/** What travels between instances: a whole record, so each instance can answer GET on its own. */
const SharedRecord = z.object({
  agentId: z.string(),
  clientId: z.string(),
  displayName: z.string().max(64),
  teamId: z.string().nullable(),
  ticketId: z.string().nullable(),
  typing: z.boolean(),
  at: z.number(),
});

export interface PresenceOptions {
  now?: () => number;
  ttlMs?: number;
  /** How often expired reports are dropped (and their tickets' viewers told). */
  sweepEveryMs?: number;
}

export interface PresenceService {
  /** Records what `agent` shows on one client; `teamId` is the reported ticket's team (null: none). */
  report(agent: Agent, report: PresenceReport, teamId: string | null): Promise<void>;
  /** The others on a ticket the caller may see (the route checks that). */
  list(agent: Agent, ticketId: string): PresenceEntry[];
  /** Drops expired reports now and announces them (the timer does this every `sweepEveryMs`). */
  sweep(): void;
  close(): void;
}

/**
 * Presence for one server instance: an in-memory store fed by this instance's reports and by the
 * reports other instances relay through the poke hub; every change is announced to this instance's
 * live streams (which pass on only the ticket id).
 */
export function createPresenceService(pokes: PokeHub, options: PresenceOptions = {}): PresenceService {
  const now = options.now ?? (() => Date.now());
  const store = createPresenceStore({ ttlMs: options.ttlMs ?? PRESENCE_TTL_MS, now });
  const announce = (changes: PresenceChange[]) => {
    for (const change of changes) pokes.presenceChanged(change);
  };

  const stopRelay = pokes.onSharedPresence((message) => {
    const record = SharedRecord.safeParse(message);
    if (record.success) announce(store.apply(record.data));
  });
  const timer = setInterval(() => announce(store.sweep()), options.sweepEveryMs ?? 5_000);
  timer.unref();

  return {
    async report(agent, report, teamId) {
      const record: PresenceRecord = {
        agentId: agent.id,
        clientId: report.clientId,
        displayName: agent.displayName,
        teamId,
        ticketId: report.ticketId,
        typing: report.ticketId !== null && report.typing,
        at: now(),
      };
      announce(store.apply(record));
      // Heartbeats too: the other instances expire the record unless it is renewed.
      await pokes.sharePresence(record);
    },
    list: (agent, ticketId) => store.list(ticketId, agent.id),
    sweep: () => announce(store.sweep()),
    close() {
      clearInterval(timer);
      stopRelay();
    },
  };
}
