import { act, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { seedServerTicket } from '../../../test/fakeApi.ts';
import { agentAlice, T0, uid } from '../../../test/fixtures.ts';
import {
  closeTestWorkspace,
  createTestWorkspace,
  renderWithWorkspace,
  type TestWorkspace,
} from '../../../test/renderWorkspace.tsx';
import type { RejectedMutation } from '../../db/types.ts';
import { useAppStore } from '../../store/index.ts';
import type { ReviewedRejection } from '../../sync/rejectedRetention.ts';
import { INITIAL_SYNC_STATUS, type SyncStatus } from '../../sync/syncStatus.ts';
import { SyncIndicator } from './SyncIndicator.tsx';

let ws: TestWorkspace;

const setStatus = (patch: Partial<SyncStatus>) =>
  act(() => useAppStore.getState().setSyncStatus({ ...INITIAL_SYNC_STATUS, ...patch }));

async function openPanel() {
  const user = userEvent.setup();
  renderWithWorkspace(<SyncIndicator />, ws);
  await user.click(screen.getByRole('button', { name: '打开同步详情' }));
  return { user, panel: await screen.findByRole('dialog', { name: '同步详情' }) };
}

const rejection = (overrides: Partial<RejectedMutation>): RejectedMutation =>
  ({
    id: 1,
    name: 'claimTicket',
    args: { ticketId: uid() },
    clientTime: T0,
    reason: 'already_claimed',
    details: null,
    rejectedAt: T0 + 1000,
    ...overrides,
  }) as RejectedMutation;

beforeEach(() => {
  ws = createTestWorkspace();
});

afterEach(async () => {
  await closeTestWorkspace(ws);
});

describe('sync indicator and panel', () => {
  it('keeps the header status and opens the panel with the offline time', async () => {
    const since = new Date(2026, 0, 5, 14, 7).getTime();
    const { panel } = await openPanel();
    setStatus({ online: false, offlineSince: since });
    expect(screen.getByRole('status', { name: '同步状态' })).toHaveTextContent('离线');
    expect(within(panel).getByText(/起离线/)).toHaveTextContent('14:07');
  });

  it('shows initial-sync progress and a full disk plainly', async () => {
    const { panel } = await openPanel();
    setStatus({
      syncing: true,
      initialSync: { applied: 2_500, estimatedTotal: 10_000 },
      lastError: 'storage_full',
    });
    const bar = within(panel).getByRole('progressbar', { name: '首次同步进度' });
    expect(bar).toHaveAttribute('aria-valuenow', '25');
    expect(within(panel).getByText('已下载 2500 / 约 10000 条')).toBeInTheDocument();
    expect(within(panel).getByRole('alert')).toHaveTextContent('本机存储空间已满');
    expect(within(panel).getByText('正在下载工单数据')).toBeInTheDocument();
  });

  it('shows a first sync as a percentage in tenths in the header, without the spinning icon', () => {
    renderWithWorkspace(<SyncIndicator />, ws);
    const status = () => screen.getByRole('status', { name: '同步状态' });
    const spinning = () => status().querySelector('.anticon-spin');
    setStatus({ syncing: true, initialSync: { applied: 2_900, estimatedTotal: 10_000 } });
    expect(status()).toHaveTextContent('首次同步 20%');
    expect(spinning()).toBeNull();
    setStatus({ syncing: true, initialSync: { applied: 2_900, estimatedTotal: null } });
    expect(status()).toHaveTextContent('首次同步 2900 条');
    setStatus({ syncing: true, initialSync: null });
    expect(status()).toHaveTextContent('同步中');
    expect(spinning()).not.toBeNull();
  });

  it('lists pending mutations in words with their ticket number', async () => {
    const ticket = seedServerTicket(ws.api.server, { number: 'CD-000321' });
    await ws.engine.pullNow();
    ws.api.server.offline = true;
    await ws.engine.mutate('addNote', { ticketId: ticket.id, eventId: uid(), body: '稍后回电' });
    await ws.engine
      .mutate('issueRefund', {
        ticketId: uid(),
        eventId: uid(),
        orderId: uid(),
        amount: 100,
        reason: '质量问题',
      })
      .catch(() => undefined); // refused locally (unknown ticket): never queued
    await ws.engine.mutate('setAgentState', { state: 'busy' }).catch(() => undefined);
    const { panel } = await openPanel();
    const pending = await within(panel).findByRole('region', { name: '待同步的操作' });
    const note = await within(pending).findByRole('listitem', { name: '内部备注 · 工单 CD-000321' });
    expect(note).toHaveTextContent(/\d\d:\d\d/);
    expect(within(pending).getByRole('listitem', { name: '更改在线状态 · 与工单无关' })).toBeInTheDocument();
    expect(within(pending).queryByRole('listitem', { name: /退款/ })).toBeNull();
  });

  it('names who holds the ticket and offers only Discard for already_claimed', async () => {
    const ticket = seedServerTicket(ws.api.server, { number: 'CD-000555' });
    await ws.engine.pullNow();
    const at = new Date(2026, 0, 5, 9, 30).getTime();
    await ws.db.rejected.put(
      rejection({
        args: { ticketId: ticket.id },
        details: { agentId: uid(), displayName: '王芳', at },
        rejectedAt: at,
      }),
    );
    const { user, panel } = await openPanel();
    const rejected = await within(panel).findByRole('region', { name: '被拒绝的操作' });
    const item = await within(rejected).findByRole('listitem', { name: '认领工单 · 工单 CD-000555' });
    expect(item).toHaveTextContent('认领工单');
    expect(item).toHaveTextContent('工单 CD-000555');
    expect(item).toHaveTextContent(/已被王芳于 .*09:30 认领/);
    expect(within(item).queryByRole('button', { name: /重试/ })).toBeNull();
    await user.click(within(item).getByRole('button', { name: '忽略被拒绝的“认领工单”' }));
    await expect.poll(() => ws.db.rejected.count()).toBe(0);
    expect(await within(rejected).findByText('没有被拒绝的操作')).toBeInTheDocument();
  });

  it('retries an invalid transition as a new mutation, and marks listed refusals as seen', async () => {
    const ticket = seedServerTicket(ws.api.server, {
      number: 'CD-000777',
      status: 'open',
      assigneeId: agentAlice.id,
    });
    await ws.engine.pullNow();
    ws.api.server.offline = true;
    await ws.db.rejected.put(
      rejection({
        id: 4,
        name: 'setStatus',
        args: { ticketId: ticket.id, eventId: uid(), to: 'pending_customer', reason: null },
        reason: 'invalid_transition',
      }),
    );
    const { user, panel } = await openPanel();
    const item = await within(panel).findByRole('listitem', { name: '更改状态 · 工单 CD-000777' });
    expect(item).toHaveTextContent('该状态变更不被允许');
    await expect
      .poll(async () => ((await ws.db.rejected.get(4)) as ReviewedRejection | undefined)?.acknowledgedAt)
      .toBeTypeOf('number');
    await user.click(within(item).getByRole('button', { name: '将“更改状态”作为新操作重试' }));
    await expect.poll(() => ws.db.rejected.count()).toBe(0);
    const outbox = await ws.db.outbox.toArray();
    expect(outbox).toMatchObject([
      { name: 'setStatus', args: { ticketId: ticket.id, to: 'pending_customer' } },
    ]);
    const pending = within(panel).getByRole('region', { name: '待同步的操作' });
    expect(
      await within(pending).findByRole('listitem', { name: '更改状态 · 工单 CD-000777' }),
    ).toBeInTheDocument();
  });

  it('says why a retry is refused on the spot and keeps the refusal', async () => {
    const ticket = seedServerTicket(ws.api.server, { status: 'closed' });
    await ws.engine.pullNow();
    await ws.db.rejected.put(
      rejection({
        id: 2,
        name: 'setStatus',
        args: { ticketId: ticket.id, eventId: uid(), to: 'open', reason: null },
        reason: 'invalid_transition',
      }),
    );
    const { user, panel } = await openPanel();
    const item = await within(panel).findByRole('listitem', { name: /^更改状态/ });
    await user.click(within(item).getByRole('button', { name: '将“更改状态”作为新操作重试' }));
    expect(await within(item).findByRole('alert')).toHaveTextContent('无法重试');
    expect(await ws.db.rejected.count()).toBe(1);
  });
});
