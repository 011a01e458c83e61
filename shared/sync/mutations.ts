import { z } from 'zod';
import { Id, TicketStatus } from '../domain/index.ts';

/**
 * The registry of named mutations: every local change is one of these, never a row write.
 * The server applies them (server/src/sync/mutators), the renderer applies them optimistically
 * (renderer/src/sync/localMutators); both validate the same arguments.
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
]);
export type Mutation = z.infer<typeof Mutation>;
