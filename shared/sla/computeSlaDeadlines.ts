import type { Category, Channel, EpochMs } from '../domain/index.ts';
import { addClockTime, type ClockOptions, type SlaPause } from './businessTime.ts';
import { DEFAULT_TEAM_CALENDAR, type BusinessCalendar } from './calendar.ts';
import { DEFAULT_SLA_POLICY, DUE_SOON_MS, type SlaPolicy } from './policies.ts';

export interface SlaDeadlines {
  firstResponseDueAt: EpochMs;
  /** When the oldest unanswered customer message must be answered; null when none awaits a reply. */
  nextResponseDueAt: EpochMs | null;
  resolutionDueAt: EpochMs;
  /** A pause is still open (the ticket waits on the customer): the clocks stand still. */
  paused: boolean;
}

export interface SlaInput {
  channel: Channel;
  category: Category;
  createdAt: EpochMs;
  /** When the clock stood still (pausesFromEvents); none by default. */
  pauses?: readonly SlaPause[];
  /** The team's time zone, hours and holidays; DEFAULT_TEAM_CALENDAR (Asia/Shanghai) by default. */
  calendar?: BusinessCalendar;
  policy?: SlaPolicy;
  /** The oldest customer message waiting for an answer after the first one (awaitingReplySince). */
  awaitingReplySince?: EpochMs | null;
  /**
   * Where an open pause ends for the calculation: the deadlines as if the customer answered now.
   * Without it an open pause counts as zero length (`paused` still says the clocks stand still).
   */
  now?: EpochMs;
}

/**
 * Deadlines for a ticket opened at `createdAt` on a channel and category: the channel's clock (round
 * the clock, or the team calendar's business hours and holidays in its time zone), stopped while the
 * ticket waited on the customer. Pure: the same input gives the same deadlines on server and desktop.
 */
export function computeSlaDeadlines(input: SlaInput): SlaDeadlines {
  const policy = input.policy ?? DEFAULT_SLA_POLICY;
  const channel = policy.channels[input.channel];
  const pauses = input.pauses ?? [];
  const options: ClockOptions = {
    clock: channel.clock,
    calendar: input.calendar ?? DEFAULT_TEAM_CALENDAR,
    pauses,
    now: input.now,
  };
  const since = input.awaitingReplySince ?? null;
  return {
    firstResponseDueAt: addClockTime(input.createdAt, channel.firstResponseMs, options),
    nextResponseDueAt:
      since !== null && channel.nextResponseMs !== null
        ? addClockTime(since, channel.nextResponseMs, options)
        : null,
    resolutionDueAt: addClockTime(input.createdAt, policy.resolutionMs[input.category], options),
    paused: pauses.some((p) => p.end === null),
  };
}

export type SlaState = 'met' | 'ok' | 'due_soon' | 'breached';

/** The state of one clock at `now`; `doneAt` is when it was satisfied (first reply, resolution). */
export function slaState(
  dueAt: EpochMs | null,
  doneAt: EpochMs | null,
  now: EpochMs,
  dueSoonMs: number = DUE_SOON_MS,
): SlaState {
  if (dueAt === null) return 'ok';
  if (doneAt !== null) return doneAt <= dueAt ? 'met' : 'breached';
  if (now > dueAt) return 'breached';
  return dueAt - now <= dueSoonMs ? 'due_soon' : 'ok';
}

/** A clock's state as shown: `paused` while the ticket waits on the customer and nothing is settled. */
export type SlaClockState = SlaState | 'paused';

export function slaClockState(
  dueAt: EpochMs | null,
  doneAt: EpochMs | null,
  now: EpochMs,
  paused: boolean,
): SlaClockState {
  if (paused && doneAt === null) return 'paused';
  return slaState(dueAt, doneAt, now);
}

export type SlaDeadlineKind = 'first_response' | 'next_response' | 'resolution';

/**
 * The deadline that matters next for a ticket: first response until answered, then the earlier of
 * next response (when given and a message awaits a reply) and resolution, until resolved.
 */
export function nextDeadline(t: {
  firstResponseAt: EpochMs | null;
  firstResponseDueAt: EpochMs | null;
  resolvedAt: EpochMs | null;
  resolutionDueAt: EpochMs | null;
  nextResponseDueAt?: EpochMs | null;
}): { kind: SlaDeadlineKind; dueAt: EpochMs } | null {
  if (t.firstResponseAt === null && t.firstResponseDueAt !== null)
    return { kind: 'first_response', dueAt: t.firstResponseDueAt };
  if (t.resolvedAt !== null) return null;
  const next = t.nextResponseDueAt ?? null;
  if (next !== null && (t.resolutionDueAt === null || next < t.resolutionDueAt))
    return { kind: 'next_response', dueAt: next };
  if (t.resolutionDueAt !== null) return { kind: 'resolution', dueAt: t.resolutionDueAt };
  return null;
}
