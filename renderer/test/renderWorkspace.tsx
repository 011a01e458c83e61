import { cleanup, render } from '@testing-library/react';
import type { ReactElement } from 'react';
import { AppProviders } from '../src/app/AppProviders.tsx';
import { ApiProvider, WorkspaceProvider, type WorkspaceServices } from '../src/app/services.tsx';
import { CareDeskDb } from '../src/db/CareDeskDb.ts';
import { resetAppStore } from '../src/store/index.ts';
import { createSyncEngine } from '../src/sync/createSyncEngine.ts';
import { createFakeApi, type FakeApi } from './fakeApi.ts';
import { agentAlice } from './fixtures.ts';

export interface TestWorkspace extends WorkspaceServices {
  api: FakeApi;
}

/** A fresh database, fake API and engine (not started: tests pull when they want). */
export function createTestWorkspace(api: FakeApi = createFakeApi()): TestWorkspace {
  const db = new CareDeskDb(`ui-${crypto.randomUUID()}`);
  return { api, db, engine: createSyncEngine({ api, db, agentId: agentAlice.id, retryDelaysMs: [60_000] }) };
}

export function renderWithWorkspace(ui: ReactElement, services: TestWorkspace) {
  resetAppStore();
  return render(
    <AppProviders>
      <ApiProvider api={services.api}>
        <WorkspaceProvider services={services}>{ui}</WorkspaceProvider>
      </ApiProvider>
    </AppProviders>,
  );
}

/**
 * Tears a test workspace down in the safe order: unmount what renders from it first (a test file's
 * afterEach runs before the setup file's cleanup, and a mounted live query on a deleted database
 * throws), then stop the engine, then delete the database.
 */
export async function closeTestWorkspace(ws: TestWorkspace): Promise<void> {
  cleanup();
  ws.engine.stop();
  await ws.db.delete();
}
