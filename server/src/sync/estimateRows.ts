import type { Agent } from '@shared/domain/index.ts';
import type { DbTx } from '../db/types.ts';
import { ENTITY_ORDER } from './cookie.ts';
import { ENTITY_TABLE, seesAllTeams } from './visibility.ts';

/**
 * Roughly how many rows a sync from scratch sends `agent`: what the initial-sync progress bar divides
 * by. Cheap on purpose — one catalog read and one index-only count — and so approximate: table sizes
 * come from the planner's statistics (exact counts only for a table never analyzed), and a team's
 * share of customers, orders and events is taken to be its share of tickets.
 */
export async function estimateVisibleRows(tx: DbTx, agent: Agent): Promise<number> {
  const tables = ENTITY_ORDER.map((e) => ENTITY_TABLE[e]);
  const { rows } = await tx.query<{ name: string; n: number }>(
    `select t.name, c.reltuples::float8 as n
     from unnest($1::text[]) as t(name) join pg_class c on c.oid = to_regclass(t.name)`,
    [tables],
  );
  const size = new Map<string, number>();
  for (const { name, n } of rows) {
    // -1: never analyzed (PostgreSQL 14+); 0 may be stale statistics from when it was empty.
    size.set(
      name,
      Number(n) > 0
        ? Number(n)
        : Number((await tx.query<{ n: number }>(`select count(*)::int as n from ${name}`)).rows[0]!.n),
    );
  }
  const allTickets = size.get('tickets') ?? 0;
  let visibleTickets = allTickets;
  if (!seesAllTeams(agent)) {
    const { rows: own } = await tx.query<{ n: number }>(
      'select count(*)::int as n from tickets where team_id = $1',
      [agent.teamId],
    );
    visibleTickets = Number(own[0]!.n);
  }
  const share = allTickets > 0 ? Math.min(1, visibleTickets / allTickets) : 0;
  const perTeam = ['customers', 'orders', 'ticket_events'].reduce((sum, t) => sum + (size.get(t) ?? 0), 0);
  return Math.round((size.get('agents') ?? 0) + visibleTickets + share * perTeam);
}
