import { z } from 'zod';
import { EpochMs, Id } from '../domain/common.ts';

/**
 * Presence: who else has a ticket open or is typing on it. Online only and ephemeral (never cached,
 * never in the outbox): a client reports what it views every PRESENCE_HEARTBEAT_MS, the server keeps
 * it for PRESENCE_TTL_MS and fans changes out over the live channel to the ticket's team.
 */
export const PRESENCE_HEARTBEAT_MS = 10_000;
export const PRESENCE_TTL_MS = 30_000;

/** POST /sync/presence: what this client shows now (ticketId null: no case open). */
export const PresenceReport = z.object({
  clientId: Id,
  ticketId: Id.nullable(),
  typing: z.boolean(),
});
export type PresenceReport = z.infer<typeof PresenceReport>;

export const PresenceEntry = z.object({
  agentId: Id,
  displayName: z.string().max(64),
  ticketId: Id,
  typing: z.boolean(),
  /** Server time of the last report. */
  at: EpochMs,
});
export type PresenceEntry = z.infer<typeof PresenceEntry>;

/** GET /sync/presence?ticketId=…: the others on one ticket (the caller's own entries left out). */
export const PresenceList = z.object({ entries: z.array(PresenceEntry) });
export type PresenceList = z.infer<typeof PresenceList>;
