import type { Agent } from '@shared/domain/index.ts';
import type { SyncedEntity } from '@shared/sync/protocol.ts';

/** Who sees everything; everyone else sees the tickets of their own team. */
export const seesAllTeams = (agent: Pick<Agent, 'role'>) => agent.role === 'admin';

export const ENTITY_TABLE: Readonly<Record<SyncedEntity, string>> = {
  agent: 'agents',
  customer: 'customers',
  order: 'orders',
  ticket: 'tickets',
  event: 'ticket_events',
};

/**
 * The SQL condition (on alias `x`) restricting an entity to what a team may see, given the SQL for the
 * team id; null when the entity is visible to all. Agents and leads see their team's tickets,
 * those tickets' events, and the customers and orders those tickets reference. Each condition is an
 * index probe (see the tickets_*_team indexes), so it stays cheap inside a (version, id) range scan.
 */
export function teamCondition(entity: SyncedEntity): ((team: string) => string) | null {
  switch (entity) {
    case 'agent':
      return null;
    case 'ticket':
      return (team) => `x.team_id = ${team}`;
    case 'event':
      return (team) => `exists (select 1 from tickets t where t.id = x.ticket_id and t.team_id = ${team})`;
    case 'customer':
      return (team) => `exists (select 1 from tickets t where t.customer_id = x.id and t.team_id = ${team})`;
    case 'order':
      return (team) => `exists (select 1 from tickets t where t.order_id = x.id and t.team_id = ${team})`;
  }
}

/** Whether an agent may see (and act on) a ticket of `teamId`. */
export const canSeeTeam = (agent: Pick<Agent, 'role' | 'teamId'>, teamId: string) =>
  seesAllTeams(agent) || agent.teamId === teamId;
