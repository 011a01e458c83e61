import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { PRESENCE_HEARTBEAT_MS } from '@shared/sync/presence.ts';
import { createPresenceReporter, type PresenceState } from './presenceReporter.ts';

const TICKET = 'bb0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d';
const OTHER = 'cc0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d';

function setup(post: (state: PresenceState) => Promise<void> = async () => undefined) {
  const sent: PresenceState[] = [];
  const reporter = createPresenceReporter({
    post: (state) => {
      sent.push(state);
      return post(state);
    },
  });
  return { reporter, sent };
}

describe('presence reporter', () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it('reports an open ticket at once and again every heartbeat until the case closes', async () => {
    const { reporter, sent } = setup();
    await reporter.set({ ticketId: TICKET, typing: false });
    expect(sent).toEqual([{ ticketId: TICKET, typing: false }]);
    await vi.advanceTimersByTimeAsync(PRESENCE_HEARTBEAT_MS * 3);
    expect(sent).toHaveLength(4);
    expect(new Set(sent.map((s) => s.ticketId))).toEqual(new Set([TICKET]));

    await reporter.set({ ticketId: null, typing: true });
    expect(sent.at(-1)).toEqual({ ticketId: null, typing: false });
    await vi.advanceTimersByTimeAsync(PRESENCE_HEARTBEAT_MS * 3);
    expect(sent).toHaveLength(5);
  });

  it('restarts the heartbeat from the latest report, so typing does not multiply the traffic', async () => {
    const { reporter, sent } = setup();
    await reporter.set({ ticketId: TICKET, typing: false });
    await vi.advanceTimersByTimeAsync(PRESENCE_HEARTBEAT_MS - 1_000);
    await reporter.set({ ticketId: TICKET, typing: true });
    await vi.advanceTimersByTimeAsync(PRESENCE_HEARTBEAT_MS - 1_000);
    expect(sent).toHaveLength(2);
    await vi.advanceTimersByTimeAsync(1_000);
    expect(sent).toEqual([
      { ticketId: TICKET, typing: false },
      { ticketId: TICKET, typing: true },
      { ticketId: TICKET, typing: true },
    ]);
  });

  it('sends one report at a time, and a queued one carries the newest state', async () => {
    let release!: () => void;
    const { reporter, sent } = setup((state) =>
      state.ticketId === TICKET ? new Promise<void>((r) => (release = r)) : Promise.resolve(),
    );
    const first = reporter.set({ ticketId: TICKET, typing: false });
    await vi.advanceTimersByTimeAsync(0);
    const second = reporter.set({ ticketId: OTHER, typing: false });
    const third = reporter.set({ ticketId: null, typing: false });
    expect(sent).toHaveLength(1);
    release();
    await Promise.all([first, second, third]);
    // The stale OTHER report was never sent: the agent had already closed the case.
    expect(sent).toEqual([
      { ticketId: TICKET, typing: false },
      { ticketId: null, typing: false },
    ]);
  });

  it('drops failed reports and tries again on the next heartbeat', async () => {
    let fail = true;
    const { reporter, sent } = setup(async () => {
      if (fail) throw new Error('offline');
    });
    await expect(reporter.set({ ticketId: TICKET, typing: false })).resolves.toBeUndefined();
    fail = false;
    await vi.advanceTimersByTimeAsync(PRESENCE_HEARTBEAT_MS);
    expect(sent).toHaveLength(2);
  });

  it('resends an open ticket on demand, leaves with a last "nothing open", and stops silently', async () => {
    const { reporter, sent } = setup();
    await reporter.resend();
    expect(sent).toEqual([]);
    await reporter.set({ ticketId: TICKET, typing: true });
    await reporter.resend();
    expect(sent).toHaveLength(2);

    await reporter.leave();
    expect(sent.at(-1)).toEqual({ ticketId: null, typing: false });
    await reporter.leave();
    await reporter.resend();
    await vi.advanceTimersByTimeAsync(PRESENCE_HEARTBEAT_MS * 2);
    expect(sent).toHaveLength(3);

    await reporter.set({ ticketId: TICKET, typing: false });
    reporter.stop();
    await vi.advanceTimersByTimeAsync(PRESENCE_HEARTBEAT_MS * 2);
    await reporter.leave();
    expect(sent).toHaveLength(4);
  });

  it('a slow leave does not silence a ticket opened after it', async () => {
    let release!: () => void;
    const { reporter, sent } = setup((state) =>
      state.ticketId === null ? new Promise<void>((r) => (release = r)) : Promise.resolve(),
    );
    await reporter.set({ ticketId: TICKET, typing: false });
    const leaving = reporter.leave();
    await vi.advanceTimersByTimeAsync(0);
    const reopened = reporter.set({ ticketId: OTHER, typing: false });
    release();
    await Promise.all([leaving, reopened]);
    await vi.advanceTimersByTimeAsync(PRESENCE_HEARTBEAT_MS);
    expect(sent.map((s) => s.ticketId)).toEqual([TICKET, null, OTHER, OTHER]);
  });
});
