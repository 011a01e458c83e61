import fc from 'fast-check';
import { TicketStatus } from '../domain/ticket.ts';
import {
  ACTIVE_STATUSES,
  TRANSITIONS,
  canTransition,
  statusAfterAgentReply,
  statusAfterCustomerMessage,
} from './stateMachine.ts';

const status = fc.constantFrom(...TicketStatus.options);

describe('ticket state machine', () => {
  it('lets a ticket go from new through resolution to closed', () => {
    expect(canTransition('new', 'open')).toBe(true);
    expect(canTransition('open', 'pending_customer')).toBe(true);
    expect(canTransition('pending_customer', 'resolved')).toBe(true);
    expect(canTransition('resolved', 'closed')).toBe(true);
  });

  it('treats closed as final and never allows a self-transition', () => {
    fc.assert(
      fc.property(status, (to) => {
        expect(canTransition('closed', to)).toBe(false);
        expect(canTransition(to, to)).toBe(false);
      }),
    );
  });

  it('keeps every status reachable from new, and every active one able to reach resolved', () => {
    const reachable = new Set<string>(['new']);
    const frontier = ['new' as TicketStatus];
    while (frontier.length > 0) {
      for (const next of TRANSITIONS[frontier.pop()!]) {
        if (reachable.has(next)) continue;
        reachable.add(next);
        frontier.push(next);
      }
    }
    expect([...reachable].sort()).toEqual([...TicketStatus.options].sort());
    for (const s of ACTIVE_STATUSES) expect(canTransition(s, 'resolved')).toBe(true);
  });

  it('derives statuses after replies and customer messages only along allowed moves', () => {
    fc.assert(
      fc.property(status, (from) => {
        const afterReply = statusAfterAgentReply(from);
        expect(afterReply === from || canTransition(from, afterReply)).toBe(true);
        const afterCustomer = statusAfterCustomerMessage(from);
        expect(afterCustomer === from || canTransition(from, afterCustomer)).toBe(true);
      }),
    );
    expect(statusAfterCustomerMessage('resolved')).toBe('reopened');
    expect(statusAfterCustomerMessage('pending_customer')).toBe('open');
  });
});
