import type { CareDeskApi } from '@shared/api/contract.ts';
import type { Agent } from '@shared/domain/index.ts';
import { useEffect, useState } from 'react';
import type { WorkspaceServices } from './services.tsx';
import type { CreateWorkspace } from './Workspace.tsx';

/** The workspace's code (queue, case view, Dexie, the sync engine): not part of the login screen. */
export const loadWorkspace = () => import('./Workspace.tsx');

interface Current {
  agentId: string;
  services: WorkspaceServices;
}

/**
 * The signed-in agent's database and sync engine, created and started as soon as the agent is known,
 * before the workspace is drawn: a first sync's opening pull then overlaps the workspace's first
 * render (a few hundred ms of components) instead of waiting for it. Stopped when the agent signs
 * out or another signs in. Null until started; a failure to load the workspace's code is thrown.
 */
export function useSignedInWorkspace(
  api: CareDeskApi,
  agent: Agent | null,
  create?: CreateWorkspace,
): WorkspaceServices | null {
  const [current, setCurrent] = useState<Current | null>(null);
  const [failure, setFailure] = useState<{ error: unknown } | null>(null);
  if (failure) throw failure.error;

  useEffect(() => {
    if (!agent) return;
    let cancelled = false;
    let services: WorkspaceServices | null = null;
    loadWorkspace().then(
      (module) => {
        if (cancelled) return;
        services = (create ?? module.createWorkspace)(api, agent);
        void services.engine.start().catch(() => undefined);
        setCurrent({ agentId: agent.id, services });
      },
      (error: unknown) => {
        if (!cancelled) setFailure({ error });
      },
    );
    return () => {
      cancelled = true;
      services?.engine.stop();
      setCurrent(null);
    };
  }, [api, agent, create]);

  return current && current.agentId === agent?.id ? current.services : null;
}
