import type { EpochMs, TicketEvent } from '../domain/index.ts';
import type { SlaPause } from './businessTime.ts';

function chronological(events: readonly TicketEvent[]): TicketEvent[] {
  return events
    .map((event, index) => ({ event, index }))
    .sort((a, b) => a.event.createdAt - b.event.createdAt || a.index - b.index)
    .map(({ event }) => event);
}

/**
 * The stretches a ticket waited on the customer, from its status changes: a pause opens when the
 * status becomes `pending_customer` and closes when it leaves it. The last one is open (`end` null)
 * while the ticket still waits.
 */
export function pausesFromEvents(events: readonly TicketEvent[]): SlaPause[] {
  const pauses: SlaPause[] = [];
  let open: EpochMs | null = null;
  for (const event of chronological(events)) {
    if (event.kind !== 'status_change') continue;
    if (event.to === 'pending_customer' && open === null) open = event.createdAt;
    else if (event.to !== 'pending_customer' && open !== null) {
      pauses.push({ start: open, end: event.createdAt });
      open = null;
    }
  }
  if (open !== null) pauses.push({ start: open, end: null });
  return pauses;
}

/** An agent's answer on the timeline: an outbound message, or a call (the customer was spoken to). */
function isAnswer(event: TicketEvent): boolean {
  if (event.authorType !== 'agent') return false;
  return (event.kind === 'message' && event.direction === 'outbound') || event.kind === 'call';
}

/**
 * When the oldest customer message still waiting for an answer arrived, once the customer has had a
 * first answer (before that the first-response clock runs); null when nothing awaits a reply.
 * Feed it to `computeSlaDeadlines` as `awaitingReplySince` for the next-response deadline.
 */
export function awaitingReplySince(events: readonly TicketEvent[]): EpochMs | null {
  let answered = false;
  let waitingSince: EpochMs | null = null;
  for (const event of chronological(events)) {
    if (isAnswer(event)) {
      answered = true;
      waitingSince = null;
    } else if (event.kind === 'message' && event.direction === 'inbound' && event.authorType === 'customer') {
      waitingSince ??= event.createdAt;
    }
  }
  return answered ? waitingSince : null;
}
