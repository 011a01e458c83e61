import type { Role, TicketStatus } from '@shared/domain/index.ts';
import type { Mutation, MutationName } from '@shared/sync/mutations.ts';
import { ownershipRefusal } from '@shared/ticket/ownership.ts';
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
  customerId: string;
  /** Callback ids scheduled and not yet done, and those done (they cannot be moved again). */
  openCallbacks: Set<string>;
  doneCallbacks: Set<string>;
  rmas: Set<string>;
  surveyed: boolean;
}

export interface ModelAgent {
  role: Role;
  teamId: string;
}

export interface ModelOrder {
  customerId: string;
  total: number;
  /** Fen refunded so far, over every ticket. */
  refunded: number;
}

export interface LoggedMutation {
  agentId: string;
  name: Mutation['name'];
  args: Record<string, unknown>;
}

export class SerialModel {
  /** RMA numbers taken anywhere (they are unique server-wide). */
  private readonly rmas = new Set<string>();

  constructor(
    readonly tickets: Map<string, ModelTicket>,
    readonly agents: ReadonlyMap<string, ModelAgent>,
    readonly orders: Map<string, ModelOrder> = new Map(),
  ) {
    for (const t of tickets.values()) for (const rma of t.rmas) this.rmas.add(rma);
  }

  /** Applies one mutation; returns the rejection reason, or null when it applies. */
  apply(m: LoggedMutation): string | null {
    const agent = this.agents.get(m.agentId)!;
    // An audit touches no ticket: only the agent it names may record it.
    if (m.name === 'revealAudit') return m.args.agentId === m.agentId ? null : 'forbidden';
    if (m.name === 'setAgentState') return null;
    if (m.name === 'assignTicket' && agent.role !== 'lead' && agent.role !== 'admin') return 'forbidden';
    const ticketId = m.args.ticketId as string;
    const ticket = this.tickets.get(ticketId);
    if (!ticket || (agent.role !== 'admin' && agent.teamId !== ticket.teamId)) return 'ticket_not_found';
    const closed = ticket.status === 'closed';
    switch (m.name) {
      case 'addNote':
      case 'logCall':
        return closed ? 'ticket_closed' : null;
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
      case 'takeOverTicket':
        if (closed) return 'ticket_closed';
        if (ticket.assigneeId === null || ticket.assigneeId === m.agentId) return 'nothing_to_take_over';
        ticket.assigneeId = m.agentId;
        return null;
      default:
        if (closed) return 'ticket_closed';
        return ownershipRefusal(m.name, ticket, m.agentId) ?? this.ownerAction(m.name, m, ticket);
    }
  }

  /** The owner-only actions, once the ticket is open and the agent's (or nobody's). */
  private ownerAction(name: MutationName, m: LoggedMutation, ticket: ModelTicket): string | null {
    const a = m.args;
    switch (name) {
      case 'replyToTicket':
        ticket.status = statusAfterAgentReply(ticket.status);
        ticket.assigneeId ??= m.agentId;
        return null;
      case 'setStatus': {
        const to = a.to as TicketStatus;
        if (!canTransition(ticket.status, to)) return 'invalid_transition';
        ticket.status = to;
        return null;
      }
      case 'issueRefund': {
        const order = this.customerOrder(ticket, a.orderId as string);
        if (!order) return 'order_not_found';
        if (order.refunded + (a.amount as number) > order.total) return 'refund_exceeds_total';
        order.refunded += a.amount as number;
        return null;
      }
      case 'createReturn': {
        if (!this.customerOrder(ticket, a.orderId as string)) return 'order_not_found';
        const rma = a.rmaNo as string;
        if (this.rmas.has(rma)) return 'duplicate_rma';
        this.rmas.add(rma);
        ticket.rmas.add(rma);
        return null;
      }
      case 'updateLogistics':
        return ticket.rmas.has(a.rmaNo as string) ? null : 'rma_not_found';
      case 'requestRepair':
        return a.orderId === null || this.customerOrder(ticket, a.orderId as string)
          ? null
          : 'order_not_found';
      case 'scheduleCallback': {
        const id = a.callbackId as string;
        if (ticket.doneCallbacks.has(id)) return 'callback_not_found';
        ticket.openCallbacks.add(id);
        return null;
      }
      case 'completeCallback': {
        const id = a.callbackId as string;
        if (!ticket.openCallbacks.delete(id)) return 'callback_not_found';
        ticket.doneCallbacks.add(id);
        return null;
      }
      case 'requestSurvey':
        if (ticket.status !== 'resolved' || ticket.surveyed) return 'survey_not_allowed';
        ticket.surveyed = true;
        return null;
      default:
        // classify, compensation, medical referral, escalation, product feedback: no rule of their own.
        return null;
    }
  }

  private customerOrder(ticket: ModelTicket, orderId: string): ModelOrder | null {
    const order = this.orders.get(orderId);
    return order && order.customerId === ticket.customerId ? order : null;
  }
}
