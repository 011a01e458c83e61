import { Dexie, type Transaction } from 'dexie';
import { changeOf, mergeTimeline, timelineRow, type CollectedChange } from './ticketTimeline.ts';
import type { CachedEvent, CachedTimeline, ShadowRow } from './types.ts';

/** Events read per step: bounds the upgrade's memory however large the cache (100k tickets ≈ 360k events). */
const PAGE = 5_000;

type LegacyEventShadow = { key: string; table: 'events'; id: string; value: CachedEvent | undefined };

/**
 * The v6 upgrade: moves the `events` rows (one per event) into `timelines` rows (one per ticket), in
 * place, so an upgrade installed while offline still leaves every case readable. Walks the old
 * `[ticketId+createdAt]` index page by page; a page ends on a whole ticket (its last, possibly cut
 * ticket is read again with the next page).
 */
export async function packEventsIntoTimelines(tx: Transaction, pageSize = PAGE): Promise<void> {
  const events = tx.table<CachedEvent, string>('events');
  const timelines = tx.table<CachedTimeline, string>('timelines');
  const byTimeline = () => events.where('[ticketId+createdAt]');
  let from: string | null = null;
  for (;;) {
    const page: CachedEvent[] = await (
      from === null ? events.orderBy('[ticketId+createdAt]') : byTimeline().aboveOrEqual([from, Dexie.minKey])
    )
      .limit(pageSize)
      .toArray();
    if (page.length === 0) return;
    const groups = new Map<string, CachedEvent[]>();
    for (const e of page) {
      const list = groups.get(e.ticketId);
      if (list) list.push(e);
      else groups.set(e.ticketId, [e]);
    }
    const last = page.at(-1)!.ticketId;
    if (page.length === pageSize) {
      if (groups.size === 1) {
        // One ticket with a page's worth of events or more: read it whole.
        const all = await byTimeline().between([last, Dexie.minKey], [last, Dexie.maxKey]).toArray();
        groups.set(last, all);
      } else groups.delete(last);
    }
    await timelines.bulkPut(
      [...groups].map(([ticketId, list]) => ({ ticketId, events: mergeTimeline([], list) })),
    );
    if (page.length < pageSize) return;
    from = groups.has(last) ? nextTicketAfter(last) : last;
  }
}

/** The smallest key above every `[ticketId, …]` key of `ticketId`. */
function nextTicketAfter(ticketId: string): string {
  return `${ticketId}\u0000`;
}

/**
 * Rewrites the v5 shadows of optimistically added or changed events as shadows of their tickets'
 * timelines: the server's version of a timeline is the cached one with each shadowed event put back
 * as the server had it (or taken out, when the server had none). Run after packEventsIntoTimelines.
 */
export async function packEventShadows(tx: Transaction): Promise<void> {
  const shadows = tx.table<ShadowRow | LegacyEventShadow, string>('shadows');
  const legacy = (await shadows.where('key').startsWith('events:').toArray()) as LegacyEventShadow[];
  if (legacy.length === 0) return;
  const cached = await tx.table<CachedEvent, string>('events').bulkGet(legacy.map((s) => s.id));
  const byTicket = new Map<string, CollectedChange>();
  legacy.forEach((shadow, i) => {
    const ticketId = shadow.value?.ticketId ?? cached[i]?.ticketId;
    if (!ticketId) return;
    const entry = changeOf(byTicket, ticketId);
    if (shadow.value) entry.puts.push(shadow.value);
    else entry.dels.add(shadow.id);
  });
  const timelines = await tx.table<CachedTimeline, string>('timelines').bulkGet([...byTicket.keys()]);
  const packed: ShadowRow[] = [...byTicket].map(([ticketId, { puts, dels }], i) => ({
    key: `timelines:${ticketId}`,
    table: 'timelines',
    id: ticketId,
    value: timelineRow(ticketId, mergeTimeline(timelines[i]?.events ?? [], puts, dels)) ?? undefined,
  }));
  await shadows.bulkDelete(legacy.map((s) => s.key));
  await shadows.bulkPut(packed);
}
