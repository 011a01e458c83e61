import type { Role, TicketStatus } from '@shared/domain/index.ts';
import type { Mutation } from '@shared/sync/mutations.ts';
import { canTransition, statusAfterAgentReply } from '@shared/ticket/stateMachine.ts';

/**
 * The server's rules as a pure model, small enough to read in one go. The fault tests replay the
 * server's mutation log in its commit order (mutations.version) through it: every outcome the server
 * recorded must be the one the model predicts, and the tickets must end as the model says. That is
 * the "serial" half of exactly-once: each mutation took effect once, in one total order, under the
 * rules as they stood at its turn — whatever the network, crashes and retries did around it.
 */
export interface ModelTicket {
  status: TicketStatus;
  assigneeId: string | null;
  teamId: string;
}

export interface ModelAgent {
  role: Role;
  teamId: string;
}

export interface LoggedMutation {
  agentId: string;
  name: Mutation['name'];
  args: Record<string, unknown>;
}

export class SerialModel {
  constructor(
    readonly tickets: Map<string, ModelTicket>,
    readonly agents: ReadonlyMap<string, ModelAgent>,
  ) {}

  /** Applies one mutation; returns the rejection reason, or null when it applies. */
  apply(m: LoggedMutation): string | null {
    const agent = this.agents.get(m.agentId)!;
    // An audit touches no ticket: only the agent it names may record it.
    if (m.name === 'revealAudit') return m.args.agentId === m.agentId ? null : 'forbidden';
    if (m.name === 'assignTicket' && agent.role !== 'lead' && agent.role !== 'admin') return 'forbidden';
    const ticketId = m.args.ticketId as string;
    const ticket = this.tickets.get(ticketId);
    if (!ticket || (agent.role !== 'admin' && agent.teamId !== ticket.teamId)) return 'ticket_not_found';
    const closed = ticket.status === 'closed';
    switch (m.name) {
      case 'replyToTicket':
        if (closed) return 'ticket_closed';
        ticket.status = statusAfterAgentReply(ticket.status);
        ticket.assigneeId ??= m.agentId;
        return null;
      case 'addNote':
      case 'logCall':
        return closed ? 'ticket_closed' : null;
      case 'setStatus': {
        const to = m.args.to as TicketStatus;
        if (closed) return 'ticket_closed';
        if (!canTransition(ticket.status, to)) return 'invalid_transition';
        ticket.status = to;
        return null;
      }
      case 'claimTicket':
        if (ticket.assigneeId === m.agentId) return null;
        if (closed) return 'ticket_closed';
        if (ticket.assigneeId !== null) return 'already_claimed';
        ticket.assigneeId = m.agentId;
        return null;
      case 'assignTicket': {
        const assigneeId = m.args.assigneeId as string | null;
        if (closed) return 'ticket_closed';
        if (ticket.assigneeId === assigneeId) return null;
        if (assigneeId !== null && this.agents.get(assigneeId)?.teamId !== ticket.teamId) {
          return 'invalid_assignee';
        }
        ticket.assigneeId = assigneeId;
        return null;
      }
    }
  }
}
