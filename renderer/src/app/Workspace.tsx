import type { CareDeskApi } from '@shared/api/contract.ts';
import type { Agent } from '@shared/domain/index.ts';
import { Layout } from 'antd';
import { useEffect } from 'react';
import { CareDeskDb, dbNameForAgent } from '../db/CareDeskDb.ts';
import { useCallbackReminders } from '../features/callbacks/useCallbackReminders.tsx';
import { CaseView } from '../features/case/CaseView.tsx';
import { ComposerInsertProvider } from '../features/composer/composerInsert.tsx';
import { CustomerPanel, type RevealSlot } from '../features/customer/CustomerPanel.tsx';
import { RevealableField } from '../features/privacy/index.ts';
import { QueueList } from '../features/queue/QueueList.tsx';
import { ShortcutsHelp } from '../features/shortcuts/ShortcutsHelp.tsx';
import { useAppStore } from '../store/index.ts';
import { createSyncEngine } from '../sync/createSyncEngine.ts';
import { AppHeader } from './AppHeader.tsx';
import { WorkspaceProvider, type WorkspaceServices } from './services.tsx';

export type CreateWorkspace = (api: CareDeskApi, agent: Agent) => WorkspaceServices;

/** One database per agent and a sync engine on top of it. */
export const createWorkspace: CreateWorkspace = (api, agent) => {
  const db = new CareDeskDb(dbNameForAgent(agent.id));
  return { api, db, engine: createSyncEngine({ api, db, agentId: agent.id }) };
};

/** Mirrors the sync engine's status into the store while the workspace is shown (useSignedInWorkspace runs it). */
function useSyncStatusMirror({ engine }: WorkspaceServices): void {
  const setSyncStatus = useAppStore((s) => s.setSyncStatus);
  useEffect(() => {
    setSyncStatus(engine.status.get());
    return engine.status.subscribe(setSyncStatus);
  }, [engine, setSyncStatus]);
}

/** The customer panel's identity values, each behind the privacy feature's audited reveal. */
const renderReveal: RevealSlot = (props) => <RevealableField {...props} />;

/**
 * Queue | case | customer 360 (collapsible), plus the `?` shortcut help and the callback reminders.
 * Anything in the workspace may put text into the open composer (useComposerInsert).
 */
export function WorkspaceLayout({ onLogout }: { onLogout(): void }) {
  const customerCollapsed = useAppStore((s) => s.customerPanelCollapsed);
  useCallbackReminders();
  return (
    <ComposerInsertProvider>
      <Layout className="cd-workspace">
        <AppHeader onLogout={onLogout} />
        <Layout className="cd-workspace-body">
          <Layout.Sider width={440} theme="light" className="cd-workspace-queue">
            <QueueList />
          </Layout.Sider>
          <Layout.Content className="cd-workspace-case">
            <CaseView />
          </Layout.Content>
          <Layout.Sider
            width={340}
            collapsedWidth={48}
            collapsed={customerCollapsed}
            trigger={null}
            theme="light"
            className="cd-workspace-customer"
          >
            <CustomerPanel renderReveal={renderReveal} />
          </Layout.Sider>
        </Layout>
        <ShortcutsHelp />
      </Layout>
    </ComposerInsertProvider>
  );
}

export function Workspace({ services, onLogout }: { services: WorkspaceServices; onLogout(): void }) {
  useSyncStatusMirror(services);
  return (
    <WorkspaceProvider services={services}>
      <WorkspaceLayout onLogout={onLogout} />
    </WorkspaceProvider>
  );
}
