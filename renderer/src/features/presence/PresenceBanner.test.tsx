import { act, render, screen, waitFor } from '@testing-library/react';
import { StrictMode, type ReactNode } from 'react';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { PresenceEntry } from '@shared/sync/presence.ts';
import { createFakeApi, type FakeApi } from '../../../test/fakeApi.ts';
import { AppProviders } from '../../app/AppProviders.tsx';
import { ApiProvider } from '../../app/services.tsx';
import { setLanguage } from '../../i18n/index.ts';
import { PresenceBanner, TYPING_IDLE_MS, usePresence, type Presence } from './index.ts';

const TICKET = 'bb0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d';
const OTHER = 'cc0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d';

const entry = (displayName: string, typing = false): PresenceEntry => ({
  agentId: crypto.randomUUID(),
  displayName,
  ticketId: TICKET,
  typing,
  at: 1_700_000_000_000,
});

/** The fake API, with every presence.set input kept (the stub itself keeps only the call name). */
function presenceApi() {
  const fake = createFakeApi();
  const reports: Array<{ ticketId: string | null; typing: boolean }> = [];
  const api: FakeApi = {
    ...fake,
    presence: {
      ...fake.presence,
      set: (input) => {
        reports.push(input);
        return fake.presence.set(input);
      },
    },
  };
  return { api, reports };
}

function wrap(api: FakeApi, ui: ReactNode) {
  return (
    <AppProviders>
      <ApiProvider api={api}>{ui}</ApiProvider>
    </AppProviders>
  );
}

/** What a case view does with the hook: hands reportTyping to the composer. */
function Probe({ ticketId, onPresence }: { ticketId: string | null; onPresence: (p: Presence) => void }) {
  onPresence(usePresence(ticketId));
  return null;
}

const region = () => screen.getByRole('status', { name: '同时处理此工单的同事' });

afterEach(() => {
  vi.useRealTimers();
});

describe('PresenceBanner', () => {
  it('says calmly who else is viewing and who is typing, in a polite live region', async () => {
    const { api } = presenceApi();
    api.server.presence.set(TICKET, [entry('王磊'), entry('赵敏', true)]);
    render(wrap(api, <PresenceBanner ticketId={TICKET} />));
    await waitFor(() => expect(region()).toHaveTextContent('赵敏正在输入回复…；王磊也在查看此工单'));
    expect(region()).toHaveTextContent('发送前请先与同事确认');
    // Not an assertive alert: arriving colleagues must not interrupt the agent's screen reader.
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('names several colleagues in one sentence, in English too', async () => {
    await setLanguage('en');
    const { api } = presenceApi();
    api.server.presence.set(TICKET, [entry('Wang Lei'), entry('Li Na')]);
    render(wrap(api, <PresenceBanner ticketId={TICKET} />));
    const banner = screen.getByRole('status', { name: 'Colleagues on this ticket' });
    await waitFor(() => expect(banner).toHaveTextContent('Wang Lei and Li Na are also viewing'));
    expect(banner).not.toHaveTextContent('typing');
  });

  it('stays empty when nobody else is there, and follows presence.changed', async () => {
    const { api } = presenceApi();
    render(wrap(api, <PresenceBanner ticketId={TICKET} />));
    await waitFor(() => expect(api.calls).toContain('presence.get'));
    expect(region()).toBeEmptyDOMElement();

    api.server.presence.set(TICKET, [entry('王磊')]);
    act(() => api.emit('presence.changed'));
    await waitFor(() => expect(region()).toHaveTextContent('王磊也在查看此工单'));

    api.server.presence.set(TICKET, [entry('王磊', true)]);
    act(() => api.emit('presence.changed'));
    await waitFor(() => expect(region()).toHaveTextContent('王磊正在输入回复…'));

    api.server.presence.delete(TICKET);
    act(() => api.emit('presence.changed'));
    await waitFor(() => expect(region()).toBeEmptyDOMElement());
  });

  it('shows nobody while offline (presence is online-only), and reads again on reconnect', async () => {
    const { api } = presenceApi();
    api.server.presence.set(TICKET, [entry('王磊')]);
    render(wrap(api, <PresenceBanner ticketId={TICKET} />));
    await waitFor(() => expect(region()).toHaveTextContent('王磊'));
    act(() => api.emit('sync.offline'));
    expect(region()).toBeEmptyDOMElement();
    act(() => api.emit('sync.online'));
    await waitFor(() => expect(region()).toHaveTextContent('王磊'));
  });

  it('fails soft: a presence.get that fails shows nobody', async () => {
    const { api } = presenceApi();
    api.server.presence.set(TICKET, [entry('王磊')]);
    api.server.offline = true;
    render(wrap(api, <PresenceBanner ticketId={TICKET} />));
    await waitFor(() => expect(api.calls).toContain('presence.get'));
    await act(async () => undefined);
    expect(region()).toBeEmptyDOMElement();
  });
});

describe('usePresence', () => {
  it('reports the open ticket once per window (banner and case view together, StrictMode too) and clears it on close', async () => {
    const { api, reports } = presenceApi();
    const view = render(
      wrap(
        api,
        <StrictMode>
          <PresenceBanner ticketId={TICKET} />
          <Probe ticketId={TICKET} onPresence={() => undefined} />
        </StrictMode>,
      ),
    );
    await waitFor(() => expect(reports).toEqual([{ ticketId: TICKET, typing: false }]));

    view.rerender(
      wrap(
        api,
        <StrictMode>
          <PresenceBanner ticketId={OTHER} />
          <Probe ticketId={OTHER} onPresence={() => undefined} />
        </StrictMode>,
      ),
    );
    await waitFor(() => expect(reports.at(-1)).toEqual({ ticketId: OTHER, typing: false }));
    view.unmount();
    await waitFor(() => expect(reports.at(-1)).toEqual({ ticketId: null, typing: false }));
    expect(reports).toHaveLength(3);
  });

  it('reports typing once per burst of keystrokes and stops after a quiet spell', async () => {
    vi.useFakeTimers();
    const { api, reports } = presenceApi();
    let presence!: Presence;
    render(wrap(api, <Probe ticketId={TICKET} onPresence={(p) => (presence = p)} />));
    await act(async () => vi.advanceTimersByTimeAsync(0));
    expect(reports).toEqual([{ ticketId: TICKET, typing: false }]);

    for (let i = 0; i < 10; i++) {
      act(() => presence.reportTyping());
      await act(async () => vi.advanceTimersByTimeAsync(TYPING_IDLE_MS / 2));
    }
    expect(reports).toEqual([
      { ticketId: TICKET, typing: false },
      { ticketId: TICKET, typing: true },
    ]);
    await act(async () => vi.advanceTimersByTimeAsync(TYPING_IDLE_MS / 2));
    expect(reports.at(-1)).toEqual({ ticketId: TICKET, typing: false });
    expect(reports).toHaveLength(3);
  });

  it('reports nothing for no ticket, and never typing on a ticket that is not open', async () => {
    const { api, reports } = presenceApi();
    let presence!: Presence;
    render(wrap(api, <Probe ticketId={null} onPresence={(p) => (presence = p)} />));
    act(() => presence.reportTyping());
    await act(async () => undefined);
    expect(reports).toEqual([]);
    expect(presence.others).toEqual([]);
    expect(api.calls).not.toContain('presence.get');
  });
});
