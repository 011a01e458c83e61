import type { CareDeskApi } from '@shared/api/contract.ts';
import { createContext, useCallback, useContext, type ReactNode } from 'react';
import type { RevealAudit } from '@shared/privacy/reveal.ts';
import type { CareDeskDb } from '../db/CareDeskDb.ts';
import { RevealAuditProvider } from '../features/privacy/revealAudit.tsx';
import type { SyncEngine } from '../sync/createSyncEngine.ts';

/** The signed-in workspace's services: its local database and sync engine. */
export interface WorkspaceServices {
  api: CareDeskApi;
  db: CareDeskDb;
  engine: SyncEngine;
}

const ApiContext = createContext<CareDeskApi | null>(null);
const WorkspaceContext = createContext<WorkspaceServices | null>(null);

export function ApiProvider({ api, children }: { api: CareDeskApi; children: ReactNode }) {
  return <ApiContext value={api}>{children}</ApiContext>;
}

export function WorkspaceProvider({
  services,
  children,
}: {
  services: WorkspaceServices;
  children: ReactNode;
}) {
  const { engine } = services;
  // Every reveal in the workspace is audited through the outbox (the `revealAudit` mutation), so the
  // audit reaches the server with the agent's other work, offline too.
  const onAudit = useCallback(
    async (audit: RevealAudit) => {
      await engine.mutate('revealAudit', audit);
    },
    [engine],
  );
  return (
    <WorkspaceContext value={services}>
      <RevealAuditProvider onAudit={onAudit}>{children}</RevealAuditProvider>
    </WorkspaceContext>
  );
}

export function useApi(): CareDeskApi {
  const api = useContext(ApiContext);
  if (!api) throw new Error('useApi outside ApiProvider');
  return api;
}

export function useWorkspace(): WorkspaceServices {
  const services = useContext(WorkspaceContext);
  if (!services) throw new Error('useWorkspace outside WorkspaceProvider');
  return services;
}
