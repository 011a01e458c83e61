import type { AppInfo, CareDeskApi } from '@shared/api/contract.ts';
import type { Agent } from '@shared/domain/index.ts';
import { Button, Flex, Result, Spin } from 'antd';
import { lazy, Suspense, useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { errorCode } from '../api/apiError.ts';
import { LoginScreen } from '../features/login/LoginScreen.tsx';
import { useDeviceWipedHandler } from '../features/privacy/useDeviceWipedHandler.ts';
import { errorMessageKey } from '../i18n/errorMessage.ts';
import { resetAppStore, useAppStore } from '../store/index.ts';
import { AppProviders } from './AppProviders.tsx';
import { ApiProvider } from './services.tsx';
import { loadWorkspace, useSignedInWorkspace } from './useSignedInWorkspace.ts';
import type { CreateWorkspace } from './Workspace.tsx';

// Loaded after sign-in: the login screen does not pay for the queue, the case view or Dexie.
const Workspace = lazy(() => loadWorkspace().then((m) => ({ default: m.Workspace })));

type Boot = { state: 'loading' } | { state: 'ready'; info: AppInfo } | { state: 'failed'; code: string };

/** Login gate → workspace. `createWorkspace` is replaceable so tests can bring their own db/engine. */
export function App({ api, createWorkspace }: { api: CareDeskApi; createWorkspace?: CreateWorkspace }) {
  return (
    <AppProviders>
      <ApiProvider api={api}>
        <AppGate api={api} createWorkspace={createWorkspace} />
      </ApiProvider>
    </AppProviders>
  );
}

function AppGate({ api, createWorkspace }: { api: CareDeskApi; createWorkspace?: CreateWorkspace }) {
  const { t } = useTranslation();
  const agent = useAppStore((s) => s.agent);
  const setAgent = useAppStore((s) => s.setAgent);
  const [boot, setBoot] = useState<Boot>({ state: 'loading' });
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    let cancelled = false;
    Promise.all([api.app.info({}), api.session.current({})])
      .then(([info, session]) => {
        if (cancelled) return;
        setAgent(session?.agent ?? null);
        setBoot({ state: 'ready', info });
      })
      .catch((err: unknown) => {
        if (!cancelled) setBoot({ state: 'failed', code: errorCode(err) });
      });
    return () => {
      cancelled = true;
    };
  }, [api, attempt, setAgent]);

  useEffect(() => api.on('session.expired', () => resetAppStore()), [api]);
  // "Wipe this device" (here or in another window): the local databases go, back to the login screen.
  useDeviceWipedHandler(api, resetAppStore);

  const logout = useCallback(() => {
    resetAppStore();
    void api.session.logout({}).catch(() => undefined);
  }, [api]);

  const onLoggedIn = useCallback((next: Agent) => setAgent(next), [setAgent]);
  const services = useSignedInWorkspace(api, agent, createWorkspace);

  const loading = (
    <Flex justify="center" align="center" className="cd-fullscreen">
      <Spin size="large" aria-label={t('app.loading')} />
    </Flex>
  );
  if (boot.state === 'loading') return loading;
  if (boot.state === 'failed') {
    return (
      <Result
        status="warning"
        title={t(errorMessageKey(boot.code))}
        extra={
          <Button
            type="primary"
            onClick={() => {
              setBoot({ state: 'loading' });
              setAttempt((n) => n + 1);
            }}
          >
            {t('app.retry')}
          </Button>
        }
      />
    );
  }
  if (!agent) return <LoginScreen info={boot.info} onLoggedIn={onLoggedIn} />;
  if (!services) return loading;
  return (
    <Suspense fallback={loading}>
      <Workspace key={agent.id} services={services} onLogout={logout} />
    </Suspense>
  );
}
