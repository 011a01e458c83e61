import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeApi, type FakeApi } from '../../test/fakeApi.ts';
import { agentAlice, makeCustomer, makeMessage, makeTicket } from '../../test/fixtures.ts';
import { closeTestWorkspace, createTestWorkspace, type TestWorkspace } from '../../test/renderWorkspace.tsx';
import { resetAppStore } from '../store/index.ts';
import { App } from './App.tsx';

let api: FakeApi;
let ws: TestWorkspace | null = null;

beforeEach(() => {
  resetAppStore();
  api = createFakeApi({ session: agentAlice });
  const customer = makeCustomer();
  const ticket = makeTicket({ number: 'CD-000777', subject: '退货运费谁承担', customerId: customer.id });
  api.server.put({ op: 'put', entity: 'customer', value: customer });
  api.server.put({ op: 'put', entity: 'ticket', value: ticket });
  api.server.put({ op: 'put', entity: 'event', value: makeMessage(ticket.id, { body: '退货运费你们出吗' }) });
});

afterEach(async () => {
  if (ws) await closeTestWorkspace(ws);
  ws = null;
});

function renderApp() {
  return render(
    <App
      api={api}
      createWorkspace={(a) => {
        ws = createTestWorkspace(a as FakeApi);
        return ws;
      }}
    />,
  );
}

describe('workspace', () => {
  it('syncs on start, lists the queue and opens the case on the right', async () => {
    const user = userEvent.setup();
    renderApp();
    // The workspace is lazy-loaded: the first render imports it.
    const row = await screen.findByRole('option', { name: 'CD-000777 退货运费谁承担' }, { timeout: 10_000 });
    await user.click(row);
    const caseRegion = screen.getByRole('region', { name: '工单详情' });
    expect(await within(caseRegion).findByText('退货运费你们出吗')).toBeInTheDocument();
    expect(await within(caseRegion).findByRole('textbox', { name: '回复内容' })).toBeInTheDocument();
    expect(screen.getByRole('status', { name: '同步状态' })).toHaveTextContent('在线');
  });

  it('starts the sync before drawing the workspace, and stops it on sign-out', async () => {
    const user = userEvent.setup();
    let drawnAtStart: boolean | null = null;
    let stopped = 0;
    render(
      <App
        api={api}
        createWorkspace={(a) => {
          ws = createTestWorkspace(a as FakeApi);
          const { start, stop } = ws.engine;
          ws.engine.start = () => {
            drawnAtStart = screen.queryByRole('status', { name: '同步状态' }) !== null;
            return start();
          };
          ws.engine.stop = () => {
            stopped += 1;
            stop();
          };
          return ws;
        }}
      />,
    );
    expect(await screen.findByRole('status', { name: '同步状态' }, { timeout: 10_000 })).toBeInTheDocument();
    expect(drawnAtStart).toBe(false);
    expect(stopped).toBe(0);
    await user.click(screen.getByRole('button', { name: '退出登录' }));
    expect(await screen.findByLabelText('用户名')).toBeInTheDocument();
    expect(stopped).toBe(1);
  });

  it('shows pending changes in the sync indicator while offline', async () => {
    const user = userEvent.setup();
    renderApp();
    await user.click(
      await screen.findByRole('option', { name: 'CD-000777 退货运费谁承担' }, { timeout: 10_000 }),
    );
    api.server.offline = true;
    await user.type(
      await screen.findByRole('textbox', { name: '回复内容' }, { timeout: 10_000 }),
      '运费由我们承担',
    );
    await user.click(screen.getByRole('button', { name: '发送' }));
    const indicator = screen.getByRole('status', { name: '同步状态' });
    await expect.poll(() => indicator.textContent).toContain('1 条待同步');
    await expect.poll(() => indicator.textContent).toContain('离线');
    api.server.offline = false;
    act(() => api.emit('sync.online'));
    await expect.poll(() => indicator.textContent).not.toContain('待同步');
  });

  it('pops the caller’s ticket into the case view from the header’s incoming call', async () => {
    const user = userEvent.setup();
    const caller = makeCustomer({ phoneIndex: 'C'.repeat(43) });
    const ticket = makeTicket({ number: 'CD-000888', subject: '面膜过敏来电', customerId: caller.id });
    api.server.put({ op: 'put', entity: 'customer', value: caller });
    api.server.put({ op: 'put', entity: 'ticket', value: ticket });
    vi.spyOn(api.privacy, 'phoneIndex').mockImplementation(async ({ phone }) => ({
      phoneIndex: phone.replace(/\D/g, '') === '13700001234' ? 'C'.repeat(43) : null,
    }));
    renderApp();
    await screen.findByRole('option', { name: 'CD-000888 面膜过敏来电' }, { timeout: 10_000 });

    await user.click(screen.getByRole('button', { name: '来电' }));
    await user.type(await screen.findByRole('textbox', { name: '来电号码' }), '137 0000 1234{Enter}');
    const caseRegion = screen.getByRole('region', { name: '工单详情' });
    expect(await within(caseRegion).findByText('面膜过敏来电')).toBeInTheDocument();
    expect(screen.getByRole('combobox', { name: '坐席状态' })).toBeInTheDocument();
  });

  it('switches the interface language from the header', async () => {
    const user = userEvent.setup();
    renderApp();
    await screen.findByRole('option', { name: 'CD-000777 退货运费谁承担' }, { timeout: 10_000 });
    await user.click(screen.getByRole('combobox', { name: '界面语言' }));
    await user.click(await screen.findByRole('option', { name: 'English' }));
    expect(await screen.findByRole('button', { name: 'Sign out' }, { timeout: 10_000 })).toBeInTheDocument();
    expect(screen.getByRole('listbox', { name: 'Ticket queue' })).toBeInTheDocument();
    expect(document.documentElement.lang).toBe('en');
  });
});
