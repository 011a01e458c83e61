import { z } from 'zod';
import { Id, TicketStatus } from '../domain/index.ts';
import { RevealAudit } from '../privacy/reveal.ts';

/**
 * The registry of named mutations: every local change is one of these, never a row write.
 * The server applies them (server/src/sync/mutators), the renderer applies them optimistically
 * (renderer/src/sync/localMutators); both validate the same arguments. See docs/sync.md.
 *
 * Adding a mutation is additive for the protocol (old servers answer 400 to a name they do not
 * know, so a client must not send one to a server older than its protocol version).
 */
export const MUTATION_ARGS = {
  /** A public reply; the client picks the event id so the optimistic row and the server row are one. */
  replyToTicket: z.object({ ticketId: Id, eventId: Id, body: z.string().trim().min(1).max(10_000) }),
  addNote: z.object({ ticketId: Id, eventId: Id, body: z.string().trim().min(1).max(10_000) }),
  setStatus: z.object({
    ticketId: Id,
    eventId: Id,
    to: TicketStatus,
    reason: z.string().max(500).nullable(),
  }),
  /** A phone call with the customer, logged after it ended: a `call` event on the timeline. */
  logCall: z.object({
    ticketId: Id,
    eventId: Id,
    direction: z.enum(['inbound', 'outbound']),
    durationSec: z
      .number()
      .int()
      .nonnegative()
      .max(24 * 3600),
    wrapUpCode: z.string().trim().min(1).max(32).nullable(),
    summary: z.string().trim().max(2000),
  }),
  /**
   * "I take this one": the ticket becomes the agent's. The server decides races: a ticket already
   * assigned to someone else is refused with `already_claimed` and who holds it since when.
   */
  claimTicket: z.object({ ticketId: Id }),
  /** A team lead (or admin) gives a ticket to an agent of its team, or unassigns it (null). */
  assignTicket: z.object({ ticketId: Id, assigneeId: Id.nullable() }),
  /**
   * One reveal of a sealed value, audited by the main process when it opened the envelope. It goes
   * through the outbox like any change (offline too) but only writes the server's privacy_audit:
   * nothing in the local cache changes. Idempotent on the audit id.
   */
  revealAudit: RevealAudit,
} as const;

export type MutationName = keyof typeof MUTATION_ARGS;
export const MUTATION_NAMES = Object.keys(MUTATION_ARGS) as MutationName[];
export type MutationArgs<N extends MutationName> = z.infer<(typeof MUTATION_ARGS)[N]>;

const mutationOf = <N extends MutationName>(name: N) =>
  z.object({
    /** Per-client sequence number: 1, 2, 3… with no gaps. */
    id: z.number().int().positive(),
    name: z.literal(name),
    args: MUTATION_ARGS[name],
    /** The client's clock when the agent acted: a hint only, the server stamps real time. */
    clientTime: z.number().int().nonnegative(),
  });

export const Mutation = z.discriminatedUnion('name', [
  mutationOf('replyToTicket'),
  mutationOf('addNote'),
  mutationOf('setStatus'),
  mutationOf('logCall'),
  mutationOf('claimTicket'),
  mutationOf('assignTicket'),
  mutationOf('revealAudit'),
]);
export type Mutation = z.infer<typeof Mutation>;

/** Mutations that add a timeline event carry its id; re-issuing one needs a fresh event id. */
export function mutationEventId(mutation: Pick<Mutation, 'args'>): string | null {
  const args = mutation.args as { eventId?: unknown };
  return typeof args.eventId === 'string' ? args.eventId : null;
}
