import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CareDeskApi } from '@shared/api/contract.ts';
import { ApiCallError } from '@shared/api/errors.ts';
import type { Agent } from '@shared/domain/index.ts';
import type { RevealAudit, RevealRequest, RevealResult } from '@shared/privacy/reveal.ts';
import type { SealedValue } from '@shared/privacy/sealed.ts';
import { agentAlice } from '../../../test/fixtures.ts';
import { AppProviders } from '../../app/AppProviders.tsx';
import { ApiProvider } from '../../app/services.tsx';
import { setLanguage } from '../../i18n/index.ts';
import { resetAppStore, useAppStore } from '../../store/index.ts';
import { RevealableField } from './RevealableField.tsx';
import { RevealAuditProvider } from './revealAudit.tsx';

const CUSTOMER_ID = '9e8d7c6b-5a49-4382-9171-605f4e3d2c1b';
const PHONE: SealedValue = { masked: '138****5678', sealed: 'v2.abcdefgh.sealedphone' };

function result(input: RevealRequest, now = Date.now()): RevealResult {
  return {
    value: '13812345678',
    expiresAt: now + 30_000,
    audit: {
      id: '0f9e8d7c-6b5a-4938-8271-6f5e4d3c2b1a',
      agentId: agentAlice.id,
      customerId: input.customerId,
      field: input.field,
      reason: input.reason,
      reasonText: input.reasonText ?? null,
      at: now,
    },
  };
}

let reveal: ReturnType<typeof vi.fn<(input: RevealRequest) => Promise<RevealResult>>>;
let audits: RevealAudit[];
let onAudit: (audit: RevealAudit) => Promise<void>;

beforeEach(() => {
  resetAppStore();
  useAppStore.getState().setAgent(agentAlice);
  reveal = vi.fn(async (input: RevealRequest) => result(input));
  audits = [];
  onAudit = async (audit) => {
    audits.push(audit);
  };
});

afterEach(() => {
  vi.useRealTimers();
});

function renderField(sealedValue: SealedValue | null = PHONE) {
  const api = { privacy: { reveal } } as unknown as CareDeskApi;
  return render(
    <AppProviders>
      <ApiProvider api={api}>
        <RevealAuditProvider onAudit={(audit) => onAudit(audit)}>
          <RevealableField customerId={CUSTOMER_ID} field="phone" sealedValue={sealedValue} />
        </RevealAuditProvider>
      </ApiProvider>
    </AppProviders>,
  );
}

async function openDialog(user: ReturnType<typeof userEvent.setup>) {
  await user.click(screen.getByRole('button', { name: '显示完整手机号' }));
  return screen.findByRole('dialog', { name: '查看完整手机号' });
}

describe('RevealableField', () => {
  it('shows only the mask, with a named reveal button', () => {
    renderField();
    expect(screen.getByText('138****5678')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '显示完整手机号' })).toBeInTheDocument();
    expect(document.body).not.toHaveTextContent('13812345678');
  });

  it('asks for a reason before anything is revealed', async () => {
    const user = userEvent.setup();
    renderField();
    const dialog = await openDialog(user);
    expect(within(dialog).getByRole('radiogroup', { name: '查看原因' })).toBeInTheDocument();
    await user.click(within(dialog).getByRole('button', { name: '查看' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('请选择查看原因');
    expect(reveal).not.toHaveBeenCalled();
  });

  it('"other" needs words, which are sent with the reason', async () => {
    const user = userEvent.setup();
    renderField();
    const dialog = await openDialog(user);
    await user.click(within(dialog).getByRole('radio', { name: '其他原因' }));
    await user.click(within(dialog).getByRole('button', { name: '查看' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('选择“其他原因”时请填写具体原因');
    expect(reveal).not.toHaveBeenCalled();

    await user.type(within(dialog).getByRole('textbox', { name: '具体原因' }), '  客户要求核对收件人  ');
    await user.click(within(dialog).getByRole('button', { name: '查看' }));
    expect(reveal).toHaveBeenCalledWith({
      customerId: CUSTOMER_ID,
      field: 'phone',
      sealed: PHONE.sealed,
      reason: 'other',
      reasonText: '客户要求核对收件人',
    });
    expect(await screen.findByText('13812345678')).toBeInTheDocument();
  });

  it('shows the value for 30 seconds after the audit is queued, then the mask again; nothing is copied', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    renderField();
    const dialog = await openDialog(user);
    await user.click(within(dialog).getByRole('radio', { name: '回拨客户' }));
    await user.click(within(dialog).getByRole('button', { name: '查看' }));

    const shown = await screen.findByRole('group', { name: '完整手机号' });
    expect(shown).toHaveTextContent('13812345678');
    expect(within(shown).getByRole('timer')).toHaveTextContent('30 秒后隐藏');
    expect(audits).toEqual([
      expect.objectContaining({ customerId: CUSTOMER_ID, field: 'phone', reason: 'callback' }),
    ]);
    expect(reveal).toHaveBeenCalledWith(expect.not.objectContaining({ reasonText: expect.anything() }));

    await act(async () => {
      vi.advanceTimersByTime(25_000);
    });
    expect(within(shown).getByRole('timer')).toHaveTextContent(/^[45] 秒后隐藏$/);
    await act(async () => {
      vi.advanceTimersByTime(6_000);
    });
    expect(screen.queryByRole('group', { name: '完整手机号' })).not.toBeInTheDocument();
    expect(document.body).not.toHaveTextContent('13812345678');
    expect(screen.getByText('138****5678')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: '显示完整手机号' })).toBeInTheDocument();
    expect(await navigator.clipboard.readText()).toBe('');
  });

  it('hides at once on request', async () => {
    const user = userEvent.setup();
    renderField();
    const dialog = await openDialog(user);
    await user.click(within(dialog).getByRole('radio', { name: '物流寄送' }));
    await user.click(within(dialog).getByRole('button', { name: '查看' }));
    await user.click(await screen.findByRole('button', { name: '立即隐藏手机号' }));
    expect(document.body).not.toHaveTextContent('13812345678');
    expect(screen.getByText('138****5678')).toBeInTheDocument();
  });

  it('shows a rate limit as a translated message with when to retry, and no value', async () => {
    const now = Date.now();
    // As it arrives over Electron IPC: only the message survives, carrying the wire form.
    reveal.mockRejectedValue(
      new Error(
        new ApiCallError('reveal_rate_limited', 'Too many reveals', {
          retryAt: now + 10 * 60_000,
        }).toWireMessage(),
      ),
    );
    const user = userEvent.setup();
    renderField();
    const dialog = await openDialog(user);
    await user.click(within(dialog).getByRole('radio', { name: '身份核实' }));
    await user.click(within(dialog).getByRole('button', { name: '查看' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('查看次数过多，10分钟后可再次查看');
    expect(document.body).not.toHaveTextContent('13812345678');
    expect(audits).toEqual([]);
  });

  it('does not show the value when its audit cannot be queued', async () => {
    onAudit = async () => {
      throw new Error('outbox full');
    };
    const user = userEvent.setup();
    renderField();
    const dialog = await openDialog(user);
    await user.click(within(dialog).getByRole('radio', { name: '回拨客户' }));
    await user.click(within(dialog).getByRole('button', { name: '查看' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent(
      '无法记录本次查看，因此未显示完整信息',
    );
    expect(document.body).not.toHaveTextContent('13812345678');
  });

  it('offers no reveal to roles the policy excludes, and says when there is no value', () => {
    useAppStore.getState().setAgent({ ...agentAlice, role: 'admin' } satisfies Agent);
    const { unmount } = renderField();
    expect(screen.getByText('138****5678')).toBeInTheDocument();
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
    unmount();
    renderField(null);
    expect(screen.getByText('未填写')).toBeInTheDocument();
  });

  it('speaks English too', async () => {
    await setLanguage('en');
    const user = userEvent.setup();
    renderField();
    await user.click(screen.getByRole('button', { name: 'Show full phone number' }));
    const dialog = await screen.findByRole('dialog', { name: 'View full phone number' });
    expect(within(dialog).getByRole('radiogroup', { name: 'Reason for viewing' })).toBeInTheDocument();
  });
});
