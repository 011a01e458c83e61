import type { EpochMs } from '@shared/domain/index.ts';
import { computeSlaDeadlines, nextDeadline, type SlaDeadlineKind } from '@shared/sla/computeSlaDeadlines.ts';
import { awaitingReplySince, pausesFromEvents } from '@shared/sla/slaEvents.ts';
import type { CachedEvent, CachedTicket } from '../../db/types.ts';

export interface SlaClockData {
  kind: SlaDeadlineKind;
  /** Null: the ticket has no such clock (no SLA, or no customer message awaiting a reply). */
  dueAt: EpochMs | null;
  /** When the clock was satisfied (first reply, resolution); null while it runs. */
  doneAt: EpochMs | null;
}

export interface CaseSla {
  clocks: readonly [SlaClockData, SlaClockData, SlaClockData];
  /** The clock that matters next (first response, next response or resolution), if any runs. */
  nearest: SlaClockData | null;
  /** Waiting on the customer: every clock stands still. */
  paused: boolean;
}

/**
 * Every SLA clock of an open case from the shared rules: pauses come from its status changes, the
 * next-response clock from the oldest customer message awaiting a reply. A ticket the server sent
 * without a deadline (null) has no such clock here either.
 */
export function caseSla(ticket: CachedTicket, events: readonly CachedEvent[], now: EpochMs): CaseSla {
  const due = computeSlaDeadlines({
    channel: ticket.channel,
    category: ticket.category,
    createdAt: ticket.createdAt,
    pauses: pausesFromEvents(events),
    awaitingReplySince: ticket.firstResponseAt === null ? null : awaitingReplySince(events),
    now,
  });
  const first: SlaClockData = {
    kind: 'first_response',
    dueAt: ticket.firstResponseDueAt === null ? null : due.firstResponseDueAt,
    doneAt: ticket.firstResponseAt,
  };
  const next: SlaClockData = {
    kind: 'next_response',
    dueAt: ticket.resolvedAt === null ? due.nextResponseDueAt : null,
    doneAt: null,
  };
  const resolution: SlaClockData = {
    kind: 'resolution',
    dueAt: ticket.resolutionDueAt === null ? null : due.resolutionDueAt,
    doneAt: ticket.resolvedAt,
  };
  const nearestKind = nextDeadline({
    firstResponseAt: first.doneAt,
    firstResponseDueAt: first.dueAt,
    nextResponseDueAt: next.dueAt,
    resolvedAt: resolution.doneAt,
    resolutionDueAt: resolution.dueAt,
  })?.kind;
  const clocks = [first, next, resolution] as const;
  return {
    clocks,
    nearest: clocks.find((c) => c.kind === nearestKind) ?? null,
    paused: ticket.status === 'pending_customer' || due.paused,
  };
}
