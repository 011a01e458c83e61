import type { TicketEvent } from '../domain/event.ts';
import type { NextCallback } from '../domain/afterSales.ts';

/**
 * Rules over a ticket's (or an order's) events that both sides apply: the server over its tables,
 * the renderer over its cache (which may miss other tickets' events: the server decides in the end).
 */

/** Fen already refunded on an order, over the given events (any tickets). */
export function refundedTotal(events: readonly TicketEvent[], orderId: string): number {
  let sum = 0;
  for (const e of events) if (e.kind === 'refund' && e.orderId === orderId) sum += e.amount;
  return sum;
}

/** The open callbacks of a ticket, from its callback events in time order: earliest due first. */
export function openCallbacks(events: readonly TicketEvent[]): NextCallback[] {
  const open = new Map<string, NextCallback>();
  const ordered = [...events].sort((a, b) => a.createdAt - b.createdAt);
  for (const e of ordered) {
    if (e.kind !== 'callback') continue;
    if (e.action === 'done') open.delete(e.callbackId);
    else if (e.dueAt !== null && e.authorId !== null)
      open.set(e.callbackId, { callbackId: e.callbackId, dueAt: e.dueAt, agentId: e.authorId });
  }
  return [...open.values()].sort((a, b) => a.dueAt - b.dueAt);
}

/** The ticket's nextCallback field: its earliest open callback, or null. */
export function nextCallbackOf(events: readonly TicketEvent[]): NextCallback | null {
  return openCallbacks(events)[0] ?? null;
}

/** RMA numbers opened on a ticket, by its return_request events. */
export function rmaNumbers(events: readonly TicketEvent[]): string[] {
  return events.flatMap((e) => (e.kind === 'return_request' ? [e.rmaNo] : []));
}

/** A survey goes out on a resolved ticket, once. */
export function maySendSurvey(status: string, events: readonly TicketEvent[]): boolean {
  return status === 'resolved' && !events.some((e) => e.kind === 'survey_request');
}
