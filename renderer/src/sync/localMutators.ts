import type { CallEvent, MessageEvent, NoteEvent, StatusChangeEvent } from '@shared/domain/event.ts';
import type { Mutation, MutationArgs, MutationName } from '@shared/sync/mutations.ts';
import { canTransition, statusAfterAgentReply } from '@shared/ticket/stateMachine.ts';
import type { z } from 'zod';
import type { CareDeskDb } from '../db/CareDeskDb.ts';
import { deriveTicket } from '../db/derive.ts';
import type { CachedEvent, CachedTicket, ShadowRow } from '../db/types.ts';

/** A mutation the local cache already knows the server would refuse; `code` is `sync.reject.<code>`. */
export class LocalMutationError extends Error {
  readonly code: string;
  /** Data for the message, e.g. `{ agentId, displayName }` of `already_claimed`. */
  readonly details: Record<string, unknown> | undefined;
  constructor(code: string, message = code, details?: Record<string, unknown>) {
    super(message);
    this.name = 'LocalMutationError';
    this.code = code;
    this.details = details;
  }
}

export interface MutatorContext {
  db: CareDeskDb;
  /** When the agent acted (the client clock): stamps optimistic rows until the server's replace them. */
  clientTime: number;
  /** The signed-in agent, the author of optimistic events. */
  agentId: string | null;
}

/**
 * Records the server's version of a row before its first optimistic change. Rebasing restores it,
 * so a mutation the server rejected (or changed) leaves no trace once a pull has been applied.
 */
async function shadow(ctx: MutatorContext, table: ShadowRow['table'], id: string): Promise<void> {
  const key = `${table}:${id}`;
  if (await ctx.db.shadows.get(key)) return;
  const value = table === 'tickets' ? await ctx.db.tickets.get(id) : await ctx.db.events.get(id);
  await ctx.db.shadows.put({ key, table, id, value });
}

async function requireTicket(ctx: MutatorContext, ticketId: string): Promise<CachedTicket> {
  const ticket = await ctx.db.tickets.get(ticketId);
  if (!ticket) throw new LocalMutationError('ticket_not_found');
  return ticket;
}

async function writeTicket(ctx: MutatorContext, ticket: CachedTicket): Promise<void> {
  await shadow(ctx, 'tickets', ticket.id);
  const { priorityRank: _p, dueAt: _d, queueRank: _q, ...plain } = ticket;
  await ctx.db.tickets.put(deriveTicket(plain));
}

/** Who and when of an event the signed-in agent writes: the client's clock until the server's replaces it. */
function agentAuthored(ctx: MutatorContext) {
  return { authorType: 'agent', authorId: ctx.agentId, createdAt: ctx.clientTime } as const;
}

async function addEvent(ctx: MutatorContext, event: CachedEvent): Promise<void> {
  await shadow(ctx, 'events', event.id);
  await ctx.db.events.put(event);
}

type LocalMutator<N extends MutationName> = (ctx: MutatorContext, args: MutationArgs<N>) => Promise<void>;

/**
 * The optimistic half of each mutation (the server's half lives in server/src/sync/mutators). Each
 * runs inside the caller's Dexie transaction and must stay in step with the server's rules.
 */
export const LOCAL_MUTATORS: { [N in MutationName]: LocalMutator<N> } = {
  async replyToTicket(ctx, { ticketId, eventId, body }) {
    const ticket = await requireTicket(ctx, ticketId);
    if (ticket.status === 'resolved' || ticket.status === 'closed')
      throw new LocalMutationError('ticket_not_open');
    const event: z.infer<typeof MessageEvent> = {
      id: eventId,
      ticketId,
      kind: 'message',
      direction: 'outbound',
      channel: ticket.channel,
      body,
      ...agentAuthored(ctx),
    };
    await addEvent(ctx, event);
    await writeTicket(ctx, {
      ...ticket,
      status: statusAfterAgentReply(ticket.status),
      firstResponseAt: ticket.firstResponseAt ?? ctx.clientTime,
      updatedAt: Math.max(ticket.updatedAt, ctx.clientTime),
    });
  },

  async addNote(ctx, { ticketId, eventId, body }) {
    const ticket = await requireTicket(ctx, ticketId);
    if (ticket.status === 'closed') throw new LocalMutationError('ticket_closed');
    const event: z.infer<typeof NoteEvent> = {
      id: eventId,
      ticketId,
      kind: 'note',
      body,
      ...agentAuthored(ctx),
    };
    await addEvent(ctx, event);
    await writeTicket(ctx, { ...ticket, updatedAt: Math.max(ticket.updatedAt, ctx.clientTime) });
  },

  async setStatus(ctx, { ticketId, eventId, to, reason }) {
    const ticket = await requireTicket(ctx, ticketId);
    if (!canTransition(ticket.status, to)) throw new LocalMutationError('invalid_transition');
    const event: z.infer<typeof StatusChangeEvent> = {
      id: eventId,
      ticketId,
      kind: 'status_change',
      from: ticket.status,
      to,
      reason,
      ...agentAuthored(ctx),
    };
    await addEvent(ctx, event);
    await writeTicket(ctx, {
      ...ticket,
      status: to,
      resolvedAt: to === 'resolved' ? (ticket.resolvedAt ?? ctx.clientTime) : ticket.resolvedAt,
      updatedAt: Math.max(ticket.updatedAt, ctx.clientTime),
    });
  },

  async logCall(ctx, { ticketId, eventId, direction, durationSec, wrapUpCode, summary }) {
    const ticket = await requireTicket(ctx, ticketId);
    if (ticket.status === 'closed') throw new LocalMutationError('ticket_closed');
    const event: z.infer<typeof CallEvent> = {
      id: eventId,
      ticketId,
      kind: 'call',
      direction,
      durationSec,
      wrapUpCode,
      summary,
      ...agentAuthored(ctx),
    };
    await addEvent(ctx, event);
    await writeTicket(ctx, { ...ticket, updatedAt: Math.max(ticket.updatedAt, ctx.clientTime) });
  },

  // The server decides claim races; locally a ticket we already see as someone else's is refused at
  // once, and a claim the server refuses later rolls back when the rejection rebases the cache.
  async claimTicket(ctx, { ticketId }) {
    const ticket = await requireTicket(ctx, ticketId);
    if (ticket.assigneeId !== null && ticket.assigneeId === ctx.agentId) return;
    if (ticket.status === 'closed') throw new LocalMutationError('ticket_closed');
    if (ticket.assigneeId !== null) {
      const holder = await ctx.db.agents.get(ticket.assigneeId);
      throw new LocalMutationError('already_claimed', 'already_claimed', {
        agentId: ticket.assigneeId,
        ...(holder ? { displayName: holder.displayName } : {}),
      });
    }
    await writeTicket(ctx, {
      ...ticket,
      assigneeId: ctx.agentId,
      updatedAt: Math.max(ticket.updatedAt, ctx.clientTime),
    });
  },

  async assignTicket(ctx, { ticketId, assigneeId }) {
    const me = ctx.agentId ? await ctx.db.agents.get(ctx.agentId) : undefined;
    // Without our own row in the cache the server decides (it does anyway).
    if (me && me.role === 'agent') throw new LocalMutationError('forbidden');
    const ticket = await requireTicket(ctx, ticketId);
    if (ticket.status === 'closed') throw new LocalMutationError('ticket_closed');
    if (ticket.assigneeId === assigneeId) return;
    if (assigneeId !== null) {
      const assignee = await ctx.db.agents.get(assigneeId);
      if (assignee && assignee.teamId !== ticket.teamId) throw new LocalMutationError('invalid_assignee');
    }
    await writeTicket(ctx, { ...ticket, assigneeId, updatedAt: Math.max(ticket.updatedAt, ctx.clientTime) });
  },

  // The audit of a reveal lives only on the server (privacy_audit): nothing changes in the cache, but
  // the mutation still goes through the outbox so it reaches the server when the desk is back online.
  async revealAudit() {
    // Intentionally nothing to apply locally.
  },
};

/** Applies one mutation optimistically. Throws LocalMutationError when the cache says it cannot apply. */
export function applyLocalMutation(ctx: MutatorContext, mutation: Mutation): Promise<void> {
  const mutator = LOCAL_MUTATORS[mutation.name] as LocalMutator<MutationName>;
  return mutator({ ...ctx, clientTime: mutation.clientTime }, mutation.args);
}
