import type { Category, Channel, EpochMs } from '../domain/index.ts';
import { DUE_SOON_MS, FIRST_RESPONSE_MS, RESOLUTION_MS } from './policies.ts';

export interface SlaDeadlines {
  firstResponseDueAt: EpochMs;
  resolutionDueAt: EpochMs;
}

/**
 * Deadlines for a ticket opened at `createdAt` on a channel and category.
 * Calendar time for now; business hours, holidays and pauses arrive with the workspace issue.
 */
export function computeSlaDeadlines(input: {
  channel: Channel;
  category: Category;
  createdAt: EpochMs;
}): SlaDeadlines {
  return {
    firstResponseDueAt: input.createdAt + FIRST_RESPONSE_MS[input.channel],
    resolutionDueAt: input.createdAt + RESOLUTION_MS[input.category],
  };
}

export type SlaState = 'met' | 'ok' | 'due_soon' | 'breached';

/** The state of one clock at `now`; `doneAt` is when it was satisfied (first reply, resolution). */
export function slaState(dueAt: EpochMs | null, doneAt: EpochMs | null, now: EpochMs): SlaState {
  if (dueAt === null) return 'ok';
  if (doneAt !== null) return doneAt <= dueAt ? 'met' : 'breached';
  if (now > dueAt) return 'breached';
  return dueAt - now <= DUE_SOON_MS ? 'due_soon' : 'ok';
}

/** The deadline that matters next for a ticket: first response until answered, then resolution. */
export function nextDeadline(t: {
  firstResponseAt: EpochMs | null;
  firstResponseDueAt: EpochMs | null;
  resolvedAt: EpochMs | null;
  resolutionDueAt: EpochMs | null;
}): { kind: 'first_response' | 'resolution'; dueAt: EpochMs } | null {
  if (t.firstResponseAt === null && t.firstResponseDueAt !== null)
    return { kind: 'first_response', dueAt: t.firstResponseDueAt };
  if (t.resolvedAt === null && t.resolutionDueAt !== null)
    return { kind: 'resolution', dueAt: t.resolutionDueAt };
  return null;
}
