import { z } from 'zod';
import { Channel, EpochMs, Id } from './common.ts';
import { TicketStatus } from './ticket.ts';

export const AuthorType = z.enum(['customer', 'agent', 'system']);
export type AuthorType = z.infer<typeof AuthorType>;

const base = {
  id: Id,
  ticketId: Id,
  authorType: AuthorType,
  /** The agent's id when authorType is 'agent'; null for customers and the system. */
  authorId: Id.nullable(),
  /** Server commit time; an optimistic local event carries the client's time until the server's replaces it. */
  createdAt: EpochMs,
};

export const MessageEvent = z.object({
  ...base,
  kind: z.literal('message'),
  direction: z.enum(['inbound', 'outbound']),
  channel: Channel,
  body: z.string().min(1).max(10_000),
});
export const NoteEvent = z.object({ ...base, kind: z.literal('note'), body: z.string().min(1).max(10_000) });
export const CallEvent = z.object({
  ...base,
  kind: z.literal('call'),
  direction: z.enum(['inbound', 'outbound']),
  durationSec: z.number().int().nonnegative(),
  wrapUpCode: z.string().max(32).nullable(),
  summary: z.string().max(2000),
});
export const StatusChangeEvent = z.object({
  ...base,
  kind: z.literal('status_change'),
  from: TicketStatus,
  to: TicketStatus,
  reason: z.string().max(500).nullable(),
});

/** One entry on a ticket's timeline. Later issues add kinds (after-sales actions, logistics, surveys). */
export const TicketEvent = z.discriminatedUnion('kind', [
  MessageEvent,
  NoteEvent,
  CallEvent,
  StatusChangeEvent,
]);
export type TicketEvent = z.infer<typeof TicketEvent>;
export type TicketEventKind = TicketEvent['kind'];
