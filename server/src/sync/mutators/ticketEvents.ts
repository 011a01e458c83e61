import type { TicketEvent } from '@shared/domain/index.ts';
import { EVENT_COLUMNS, toEvent, type EventRow } from '../../db/rows.ts';
import type { MutatorContext } from './context.ts';

/**
 * The ticket's events of the given kinds, oldest first: what the shared after-sales rules read. Two
 * changes in one millisecond share created_at, so commit order (version) decides between them.
 */
export async function ticketEventsOf(
  ctx: MutatorContext,
  ticketId: string,
  kinds: readonly TicketEvent['kind'][],
): Promise<TicketEvent[]> {
  const { rows } = await ctx.tx.query<EventRow>(
    `select ${EVENT_COLUMNS} from ticket_events where ticket_id = $1 and kind = any($2::text[])
     order by version, created_at, id`,
    [ticketId, kinds],
  );
  return rows.map(toEvent);
}
