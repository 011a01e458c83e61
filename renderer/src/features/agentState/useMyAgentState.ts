import { AgentState } from '@shared/domain/index.ts';
import { useLiveQuery } from 'dexie-react-hooks';
import { useWorkspace } from '../../app/services.tsx';
import { useAppStore } from '../../store/index.ts';

export interface MyAgentState {
  state: AgentState;
  /** Server time of the last change (the client's until a pull confirms an offline change). */
  since: number;
}

/**
 * The signed-in agent's state, live from the cached `agents` row (which setAgentState changes
 * optimistically, offline too); the session's copy until that row is cached.
 */
export function useMyAgentState(): MyAgentState | null {
  const { db } = useWorkspace();
  const agent = useAppStore((s) => s.agent);
  const agentId = agent?.id ?? null;
  const row = useLiveQuery(
    async () => (agentId ? ((await db.agents.get(agentId)) ?? null) : null),
    [db, agentId],
  );
  // A row cached without a state (the sync protocol's agent patch predates it) defers to the session.
  const cached = row && AgentState.safeParse(row.state).success ? row : null;
  const source = cached ?? agent;
  return source ? { state: source.state, since: source.stateSince } : null;
}
