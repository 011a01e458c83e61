import type { CareDeskApi } from '@shared/api/contract.ts';
import { createContext, useContext, type ReactNode } from 'react';
import type { CareDeskDb } from '../db/CareDeskDb.ts';
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
  return <WorkspaceContext value={services}>{children}</WorkspaceContext>;
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
