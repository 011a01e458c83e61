import { act, render, screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { CareDeskApi } from '@shared/api/contract.ts';
import { ApiCallError } from '@shared/api/errors.ts';
import type { Agent } from '@shared/domain/index.ts';
import { RevealAudit, type RevealResult } from '@shared/privacy/reveal.ts';
import { AUDIT_FIELD_OF_KIND, type RevealSpanRequest, type SealedText } from '@shared/privacy/sealedText.ts';
import { agentAlice } from '../../../test/fixtures.ts';
import { fakeOpenText, fakeSealText } from '../../../test/fakeTextSealer.ts';
import { AppProviders } from '../../app/AppProviders.tsx';
import { ApiProvider } from '../../app/services.tsx';
import { setLanguage } from '../../i18n/index.ts';
import { resetAppStore, useAppStore } from '../../store/index.ts';
import { MaskedText } from './MaskedText.tsx';
import { RevealAuditProvider } from './revealAudit.tsx';

const CUSTOMER_ID = '9e8d7c6b-5a49-4382-9171-605f4e3d2c1b';
const EVENT_ID = '0f9e8d7c-6b5a-4938-8271-6f5e4d3c2b1a';
const BODY =
  '您好，订单号202611251234567890的面霜过敏了，请回电13812345678或0755-87654321，' +
  '退款到卡6222021234567890128，邮箱li.na@163.com，身份证11010119900307002X，' +
  '寄到广东省深圳市南山区科技园南路18号5栋，运单SF1234567890123，¥129.00';
const SECRETS = [
  '13812345678',
  '0755-87654321',
  '6222021234567890128',
  'li.na@163.com',
  '11010119900307002X',
  '广东省深圳市南山区科技园南路18号5栋',
];

let audits: RevealAudit[];
let onAudit: (audit: RevealAudit) => Promise<void>;
let revealSpan: ReturnType<typeof vi.fn<(input: RevealSpanRequest) => Promise<RevealResult>>>;

/** The main process's revealSpan over the fake envelope: the asked span, and an audit made "in main". */
async function mainRevealSpan(input: RevealSpanRequest): Promise<RevealResult> {
  const opened = fakeOpenText(input.recordId, input.field, input.sealed);
  const [start, end] = opened.spans[input.span]!;
  const kind = fakeSealText(EVENT_ID, 'body', opened.text).ref!.spans[input.span]!.kind;
  const at = Date.now();
  return {
    value: opened.text.slice(start, end),
    expiresAt: at + 30_000,
    audit: {
      id: crypto.randomUUID(),
      agentId: agentAlice.id,
      customerId: input.customerId,
      field: AUDIT_FIELD_OF_KIND[kind],
      reason: input.reason,
      reasonText: input.reasonText ? input.reasonText.replace('13912345678', '139****5678') : null,
      at,
    },
  };
}

beforeEach(() => {
  resetAppStore();
  useAppStore.getState().setAgent(agentAlice);
  audits = [];
  onAudit = async (audit) => {
    audits.push(audit);
  };
  revealSpan = vi.fn(mainRevealSpan);
});

afterEach(() => {
  vi.useRealTimers();
});

/** The body as the cache holds it after the main process sealed it. */
function renderText(text = BODY) {
  const sealed: SealedText = fakeSealText(EVENT_ID, 'body', text);
  const api = { privacy: { revealSpan } } as unknown as CareDeskApi;
  return render(
    <AppProviders>
      <ApiProvider api={api}>
        <RevealAuditProvider onAudit={(audit) => onAudit(audit)}>
          <p aria-label="消息">
            <MaskedText
              text={sealed.masked}
              customerId={CUSTOMER_ID}
              recordId={EVENT_ID}
              field="body"
              sealed={sealed.ref ?? undefined}
            />
          </p>
        </RevealAuditProvider>
      </ApiProvider>
    </AppProviders>,
  );
}

async function reveal(user: ReturnType<typeof userEvent.setup>, button: HTMLElement, reason = '回拨客户') {
  await user.click(button);
  const dialog = await screen.findByRole('dialog');
  await user.click(within(dialog).getByRole('radio', { name: reason }));
  await user.click(within(dialog).getByRole('button', { name: '查看' }));
}

describe('MaskedText', () => {
  it('masks every kind of personal data and leaves order, tracking numbers and prices alone', () => {
    renderText();
    const message = screen.getByLabelText('消息');
    for (const secret of SECRETS) expect(message).not.toHaveTextContent(secret);
    expect(message).toHaveTextContent(
      '您好，订单号202611251234567890的面霜过敏了，请回电138****5678或0755-****4321，' +
        '退款到卡****0128，邮箱l***@163.com，身份证1****************X，' +
        '寄到广东省深圳市南山区****，运单SF1234567890123，¥129.00',
    );
    // Each mask is a button named for what it reveals.
    expect(screen.getAllByRole('button', { name: '显示完整手机号' })).toHaveLength(2);
    expect(screen.getByRole('button', { name: '显示完整邮箱' })).toHaveTextContent('l***@163.com');
    expect(screen.getByRole('button', { name: '显示完整地址' })).toHaveTextContent('广东省深圳市南山区****');
    expect(screen.getByRole('button', { name: '显示完整证件号' })).toHaveTextContent('1****************X');
    expect(screen.getByRole('button', { name: '显示完整银行卡号' })).toHaveTextContent('****0128');
  });

  it('asks for a reason, reveals through the main process (revealSpan), queues its audit, shows that one span for 30 seconds', async () => {
    vi.useFakeTimers({ shouldAdvanceTime: true });
    const user = userEvent.setup({ advanceTimers: vi.advanceTimersByTime });
    renderText();
    const [mobile] = screen.getAllByRole('button', { name: '显示完整手机号' });
    await user.click(mobile!);
    const dialog = await screen.findByRole('dialog', { name: '查看完整手机号' });
    await user.click(within(dialog).getByRole('button', { name: '查看' }));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('请选择查看原因');
    expect(audits).toEqual([]);
    expect(revealSpan).not.toHaveBeenCalled();
    await user.click(within(dialog).getByRole('radio', { name: '回拨客户' }));
    await user.click(within(dialog).getByRole('button', { name: '查看' }));

    const shown = await screen.findByRole('group', { name: '完整手机号' });
    expect(shown).toHaveTextContent('13812345678');
    expect(within(shown).getByRole('timer')).toHaveTextContent('30 秒后隐藏');
    // Only that span: the landline beside it stays masked.
    expect(screen.getByLabelText('消息')).not.toHaveTextContent('0755-87654321');
    expect(revealSpan).toHaveBeenCalledExactlyOnceWith({
      customerId: CUSTOMER_ID,
      recordId: EVENT_ID,
      field: 'body',
      sealed: expect.stringMatching(/^fake\./),
      span: 0,
      reason: 'callback',
    });
    expect(audits).toHaveLength(1);
    expect(RevealAudit.parse(audits[0])).toEqual({
      id: expect.any(String),
      agentId: agentAlice.id,
      customerId: CUSTOMER_ID,
      field: 'phone',
      reason: 'callback',
      reasonText: null,
      at: expect.any(Number),
    });

    await act(async () => {
      vi.advanceTimersByTime(31_000);
    });
    expect(screen.queryByRole('group', { name: '完整手机号' })).not.toBeInTheDocument();
    expect(screen.getByLabelText('消息')).not.toHaveTextContent('13812345678');
    expect(screen.getAllByRole('button', { name: '显示完整手机号' })).toHaveLength(2);
  });

  it('audits a bank card under its own field, with the reason as main masked it, and hides on request', async () => {
    const user = userEvent.setup();
    renderText();
    await user.click(screen.getByRole('button', { name: '显示完整银行卡号' }));
    const dialog = await screen.findByRole('dialog', { name: '查看完整银行卡号' });
    await user.click(within(dialog).getByRole('radio', { name: '其他原因' }));
    await user.click(within(dialog).getByRole('textbox', { name: '具体原因' }));
    await user.paste('客户13912345678要求核对退款卡');
    await user.click(within(dialog).getByRole('button', { name: '查看' }));

    const shown = await screen.findByRole('group', { name: '完整银行卡号' });
    expect(shown).toHaveTextContent('6222021234567890128');
    expect(revealSpan).toHaveBeenCalledWith(expect.objectContaining({ span: 2, reason: 'other' }));
    expect(audits).toEqual([
      expect.objectContaining({
        field: 'bankCard',
        reason: 'other',
        reasonText: '客户139****5678要求核对退款卡',
      }),
    ]);
    await user.click(within(shown).getByRole('button', { name: '立即隐藏银行卡号' }));
    expect(screen.getByLabelText('消息')).not.toHaveTextContent('6222021234567890128');
  });

  it('shows the main process’s refusal (rate limit) and no value', async () => {
    revealSpan.mockRejectedValueOnce(
      new ApiCallError('reveal_rate_limited', 'too many', { retryAt: Date.now() + 60_000 }),
    );
    const user = userEvent.setup();
    renderText();
    await reveal(user, screen.getByRole('button', { name: '显示完整邮箱' }), '身份核实');
    expect(await screen.findByRole('alert')).toHaveTextContent('查看次数过多');
    expect(audits).toEqual([]);
    expect(screen.getByLabelText('消息')).not.toHaveTextContent('li.na@163.com');
  });

  it('text never sealed shows whatever is detected masked, with nothing to reveal', () => {
    const api = { privacy: { revealSpan } } as unknown as CareDeskApi;
    render(
      <AppProviders>
        <ApiProvider api={api}>
          <RevealAuditProvider onAudit={(audit) => onAudit(audit)}>
            <p aria-label="消息">
              <MaskedText text="请回电13812345678" customerId={CUSTOMER_ID} />
            </p>
          </RevealAuditProvider>
        </ApiProvider>
      </AppProviders>,
    );
    expect(screen.getByLabelText('消息')).toHaveTextContent('请回电138****5678');
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
  });

  it('shows nothing when the audit cannot be queued', async () => {
    onAudit = async () => {
      throw new Error('outbox full');
    };
    const user = userEvent.setup();
    renderText();
    await reveal(user, screen.getByRole('button', { name: '显示完整邮箱' }), '身份核实');
    expect(await screen.findByRole('alert')).toHaveTextContent('无法记录本次查看，因此未显示完整信息');
    expect(screen.getByLabelText('消息')).not.toHaveTextContent('li.na@163.com');
  });

  it('hides every revealed span when the window is hidden', async () => {
    const user = userEvent.setup();
    renderText();
    await reveal(user, screen.getByRole('button', { name: '显示完整地址' }), '物流寄送');
    expect(await screen.findByRole('group', { name: '完整地址' })).toHaveTextContent(SECRETS[5]!);
    const visibility = vi.spyOn(document, 'visibilityState', 'get').mockReturnValue('hidden');
    act(() => {
      document.dispatchEvent(new Event('visibilitychange'));
    });
    visibility.mockRestore();
    expect(screen.queryByRole('group', { name: '完整地址' })).not.toBeInTheDocument();
    expect(screen.getByLabelText('消息')).not.toHaveTextContent(SECRETS[5]!);
  });

  it('offers no reveal to roles the policy excludes, and plain text stays plain', () => {
    useAppStore.getState().setAgent({ ...agentAlice, role: 'admin' } satisfies Agent);
    const { unmount } = renderText();
    expect(screen.getByLabelText('消息')).toHaveTextContent('请回电138****5678');
    expect(screen.queryByRole('button')).not.toBeInTheDocument();
    unmount();
    renderText('物流三天没有更新，请帮忙催件');
    expect(screen.getByLabelText('消息')).toHaveTextContent('物流三天没有更新，请帮忙催件');
  });

  it('speaks English too', async () => {
    await setLanguage('en');
    const user = userEvent.setup();
    renderText();
    await user.click(screen.getByRole('button', { name: 'Show full email' }));
    expect(await screen.findByRole('dialog', { name: /email/i })).toBeInTheDocument();
  });
});
