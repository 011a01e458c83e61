import { render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { beforeEach, describe, expect, it } from 'vitest';
import { App } from '../../app/App.tsx';
import { setLanguage } from '../../i18n/index.ts';
import { resetAppStore } from '../../store/index.ts';
import { createFakeApi, type FakeApi } from '../../../test/fakeApi.ts';
import { agentAlice } from '../../../test/fixtures.ts';
import { createTestWorkspace } from '../../../test/renderWorkspace.tsx';

let api: FakeApi;

function renderApp() {
  return render(<App api={api} createWorkspace={() => createTestWorkspace(api)} />);
}

beforeEach(() => {
  resetAppStore();
  api = createFakeApi({
    agents: [
      { ...agentAlice, password: 'demo1234' },
      {
        ...agentAlice,
        id: '33333333-3333-4333-8333-333333333333',
        username: 'lead',
        role: 'lead',
        password: 'lead1234',
      },
    ],
  });
});

describe('login', () => {
  it('fills the form from a demo account and signs in', async () => {
    const user = userEvent.setup();
    renderApp();
    const demo = await screen.findByRole('region', { name: '演示账号' });
    await user.click(within(demo).getByRole('button', { name: '使用演示账号 alice（坐席）' }));
    expect(screen.getByLabelText('用户名')).toHaveValue('alice');
    expect(screen.getByLabelText('密码')).toHaveValue('demo1234');

    await user.click(screen.getByRole('button', { name: '登录' }));
    expect(await screen.findByRole('button', { name: '退出登录' }, { timeout: 10_000 })).toBeInTheDocument();
    expect(screen.getByText('李娜')).toBeInTheDocument();
    expect(screen.getByRole('status', { name: '同步状态' })).toBeInTheDocument();
  });

  it('shows the translated error for invalid credentials', async () => {
    const user = userEvent.setup();
    renderApp();
    await user.type(await screen.findByLabelText('用户名'), 'alice');
    await user.type(screen.getByLabelText('密码'), 'wrong');
    await user.click(screen.getByRole('button', { name: '登录' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('用户名或密码错误');
    expect(screen.queryByRole('button', { name: '退出登录' })).not.toBeInTheDocument();
  });

  it('hides demo accounts outside demo mode and speaks English when switched', async () => {
    api = createFakeApi({ info: { demoMode: false } });
    await setLanguage('en');
    renderApp();
    expect(await screen.findByLabelText('Username')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign in' })).toBeInTheDocument();
    expect(screen.queryByRole('region', { name: 'Demo accounts' })).not.toBeInTheDocument();
  });

  it('asks for both fields before calling the server', async () => {
    const user = userEvent.setup();
    renderApp();
    await user.click(await screen.findByRole('button', { name: '登录' }));
    expect(await screen.findByText('请输入用户名')).toBeInTheDocument();
    expect(api.calls).not.toContain('session.login');
  });

  it('signs out back to the login screen', async () => {
    const user = userEvent.setup();
    api = createFakeApi({ session: agentAlice });
    renderApp();
    await user.click(await screen.findByRole('button', { name: '退出登录' }, { timeout: 10_000 }));
    expect(await screen.findByLabelText('用户名')).toBeInTheDocument();
    expect(api.calls).toContain('session.logout');
  });
});
