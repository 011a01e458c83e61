import { maskText } from '@shared/privacy/pii/maskText.ts';
import type { AttachmentRef, Channel } from '@shared/domain/index.ts';
import { useSyncExternalStore } from 'react';
import type { CachedEvent } from '../../db/types.ts';

/** What the composer sends, as the timeline should show it before the cache has it. */
export interface EchoDraft {
  eventId: string;
  mode: 'reply' | 'note';
  /** The signed-in agent. */
  authorId: string | null;
  body: string;
  attachments?: readonly AttachmentRef[];
}

/**
 * The agent's own entries between Send and the cache: a reply is drawn from memory the moment the
 * stale-reply guard lets it go, instead of after sealing, the outbox transaction and the case's live
 * re-read (~50 ms). An echo leaves when the case's events hold its id, or when its mutation fails.
 */
export interface LocalEchoes {
  show(draft: EchoDraft): void;
  /** The mutation failed: the entry never existed. */
  drop(eventId: string): void;
  /** The mutation committed: the next read of the case holds the entry, so the echo may go then. */
  settle(eventId: string): void;
  /** The echoes whose entries `events` does not hold yet; settled ones are forgotten here. */
  prune(events: readonly CachedEvent[]): void;
  subscribe(listener: () => void): () => void;
  current(): readonly CachedEvent[];
}

export function createLocalEchoes(ticket: { id: string; channel: Channel }): LocalEchoes {
  let echoes: readonly CachedEvent[] = [];
  const settled = new Set<string>();
  const listeners = new Set<() => void>();
  const set = (next: readonly CachedEvent[]) => {
    if (next.length === echoes.length) return;
    echoes = next;
    for (const listener of listeners) listener();
  };

  return {
    show({ eventId, mode, authorId, body, attachments }) {
      // The cached entry will hold the masked text (its original sealed): the echo shows the same.
      const common = {
        id: eventId,
        ticketId: ticket.id,
        body: maskText(body).masked,
        ...(attachments?.length ? { attachments: [...attachments] } : {}),
        authorType: 'agent' as const,
        authorId,
        createdAt: Date.now(),
      };
      const event: CachedEvent =
        mode === 'note'
          ? { ...common, kind: 'note' }
          : { ...common, kind: 'message', direction: 'outbound', channel: ticket.channel };
      set([...echoes, event]);
    },
    drop(eventId) {
      settled.delete(eventId);
      set(echoes.filter((e) => e.id !== eventId));
    },
    settle(eventId) {
      if (echoes.some((e) => e.id === eventId)) settled.add(eventId);
    },
    prune(events) {
      if (echoes.length === 0) return;
      const cached = new Set(events.map((e) => e.id));
      const kept = echoes.filter((e) => !cached.has(e.id) && !settled.has(e.id));
      for (const e of echoes) if (!kept.includes(e)) settled.delete(e.id);
      set(kept);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    current: () => echoes,
  };
}

/** The case's events followed by the echoes not yet among them (newest last, as the timeline). */
export function useEchoedEvents(
  echoes: LocalEchoes | undefined,
  events: readonly CachedEvent[],
): readonly CachedEvent[] {
  const shown = useSyncExternalStore(
    echoes?.subscribe ?? noSubscribe,
    echoes?.current ?? noEchoes,
    echoes?.current ?? noEchoes,
  );
  if (shown.length === 0) return events;
  const cached = new Set(events.map((e) => e.id));
  const fresh = shown.filter((e) => !cached.has(e.id));
  return fresh.length === 0 ? events : [...events, ...fresh];
}

const NONE: readonly CachedEvent[] = [];
const noEchoes = () => NONE;
const noSubscribe = () => () => undefined;
