import fc from 'fast-check';
import { Category, Channel, type TicketEvent } from '../domain/index.ts';
import { computeSlaDeadlines, nextDeadline, slaClockState, slaState } from './computeSlaDeadlines.ts';
import { DEFAULT_TEAM_CALENDAR } from './calendar.ts';
import { DUE_SOON_MS, RESOLUTION_MS } from './policies.ts';
import { awaitingReplySince, pausesFromEvents } from './slaEvents.ts';

const HOUR = 3_600_000;
/** Tuesday 2025-11-25 10:00 in Shanghai (02:00 UTC): inside business hours. */
const TUE_10_SHANGHAI = Date.UTC(2025, 10, 25, 2, 0);
const shanghai = (iso: string) => Date.parse(`${iso}+08:00`);

describe('SLA deadlines', () => {
  it('answers the phone in 15 s, chat in 30 s and email in 4 business hours', () => {
    const at = (channel: Channel) =>
      computeSlaDeadlines({ channel, category: 'order_query', createdAt: TUE_10_SHANGHAI })
        .firstResponseDueAt - TUE_10_SHANGHAI;
    expect(at('phone')).toBe(15_000);
    expect(at('chat')).toBe(30_000);
    expect(at('email')).toBe(4 * HOUR);
  });

  it('keeps live channels round the clock: chat resolution is calendar time', () => {
    const createdAt = shanghai('2025-11-29T23:00:00'); // a Saturday night
    const d = computeSlaDeadlines({ channel: 'chat', category: 'after_sales', createdAt });
    expect(d.resolutionDueAt).toBe(createdAt + RESOLUTION_MS.after_sales);
    expect(d.nextResponseDueAt).toBeNull();
    expect(d.paused).toBe(false);
  });

  it('counts email in business hours only: an evening email waits for the morning', () => {
    const d = computeSlaDeadlines({
      channel: 'email',
      category: 'order_query',
      createdAt: shanghai('2025-11-25T16:00:00'),
    });
    // 2 h on Tuesday (16:00–18:00), 2 h on Wednesday (09:00–11:00).
    expect(d.firstResponseDueAt).toBe(shanghai('2025-11-26T11:00:00'));
  });

  it('skips weekends and public holidays, and opens on make-up working days', () => {
    const eveOfNationalDay = computeSlaDeadlines({
      channel: 'email',
      category: 'order_query',
      createdAt: shanghai('2025-09-30T17:00:00'),
    });
    // 1 h on 30 Sep, closed 1–8 Oct (国庆节、中秋节), 3 h on Thursday 9 Oct.
    expect(eveOfNationalDay.firstResponseDueAt).toBe(shanghai('2025-10-09T12:00:00'));

    const beforeMakeUpSunday = computeSlaDeadlines({
      channel: 'email',
      category: 'order_query',
      createdAt: shanghai('2025-09-26T17:00:00'),
    });
    // Friday 1 h, Saturday closed, Sunday 28 Sep is a make-up working day (调休).
    expect(beforeMakeUpSunday.firstResponseDueAt).toBe(shanghai('2025-09-28T12:00:00'));
  });

  it('gives the same instant different deadlines in different team time zones', () => {
    const createdAt = Date.UTC(2025, 10, 25, 8, 0); // 16:00 Shanghai, 09:00 Berlin, 03:00 New York
    const due = (timeZone: string) =>
      computeSlaDeadlines({
        channel: 'email',
        category: 'order_query',
        createdAt,
        calendar: { ...DEFAULT_TEAM_CALENDAR, timeZone, holidays: [], makeUpWorkdays: [] },
      }).firstResponseDueAt;
    expect(due('Asia/Shanghai')).toBe(Date.UTC(2025, 10, 26, 3, 0)); // Wed 11:00 local
    expect(due('Europe/Berlin')).toBe(Date.UTC(2025, 10, 25, 12, 0)); // Tue 13:00 local
    expect(due('America/New_York')).toBe(Date.UTC(2025, 10, 25, 18, 0)); // Tue 13:00 local
  });

  it('follows daylight saving: business hours stay on the local wall clock', () => {
    // Friday 28 Mar 2025 16:00 CET; Berlin moves to CEST on Sunday 30 Mar.
    const d = computeSlaDeadlines({
      channel: 'email',
      category: 'order_query',
      createdAt: Date.UTC(2025, 2, 28, 15, 0),
      calendar: { ...DEFAULT_TEAM_CALENDAR, timeZone: 'Europe/Berlin', holidays: [], makeUpWorkdays: [] },
    });
    expect(d.firstResponseDueAt).toBe(Date.UTC(2025, 2, 31, 9, 0)); // Monday 11:00 CEST
  });

  it('stops every clock while the ticket waits on the customer', () => {
    const createdAt = TUE_10_SHANGHAI;
    const base = computeSlaDeadlines({ channel: 'chat', category: 'order_query', createdAt });
    const paused = computeSlaDeadlines({
      channel: 'chat',
      category: 'order_query',
      createdAt,
      pauses: [{ start: createdAt + HOUR, end: createdAt + 3 * HOUR }],
    });
    expect(paused.resolutionDueAt - base.resolutionDueAt).toBe(2 * HOUR);
    expect(paused.firstResponseDueAt).toBe(base.firstResponseDueAt); // paused after it fell due

    const open = computeSlaDeadlines({
      channel: 'chat',
      category: 'order_query',
      createdAt,
      pauses: [{ start: createdAt + HOUR, end: null }],
      now: createdAt + 5 * HOUR,
    });
    expect(open.paused).toBe(true);
    expect(open.resolutionDueAt - base.resolutionDueAt).toBe(4 * HOUR);
  });

  it('sets a next-response deadline on live channels when a customer message awaits a reply', () => {
    const createdAt = TUE_10_SHANGHAI;
    const since = createdAt + HOUR;
    const due = (channel: Channel) =>
      computeSlaDeadlines({ channel, category: 'order_query', createdAt, awaitingReplySince: since })
        .nextResponseDueAt;
    expect(due('chat')).toBe(since + 5 * 60_000);
    expect(due('app')).toBe(since + 5 * 60_000);
    expect(due('marketplace')).toBe(since + 5 * 60_000);
    expect(due('email')).toBeNull();
    expect(due('phone')).toBeNull();
  });

  it('holds complaints to a shorter resolution clock than after-sales cases', () => {
    const due = (category: Category) =>
      computeSlaDeadlines({ channel: 'email', category, createdAt: TUE_10_SHANGHAI }).resolutionDueAt;
    expect(due('complaint')).toBeLessThan(due('after_sales'));
  });

  it('puts every deadline after creation, first response before resolution', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Channel.options),
        fc.constantFrom(...Category.options),
        fc.integer({ min: 0, max: 4_000_000_000_000 }),
        (channel, category, createdAt) => {
          const d = computeSlaDeadlines({ channel, category, createdAt });
          expect(d.firstResponseDueAt).toBeGreaterThan(createdAt);
          expect(d.resolutionDueAt).toBeGreaterThan(d.firstResponseDueAt);
        },
      ),
    );
  });

  it('tells ok, due soon, breached and met apart', () => {
    expect(slaState(1_000_000, null, 0)).toBe('ok');
    expect(slaState(DUE_SOON_MS, null, 1)).toBe('due_soon');
    expect(slaState(100, null, 101)).toBe('breached');
    expect(slaState(100, 90, 500)).toBe('met');
    expect(slaState(100, 120, 500)).toBe('breached');
    expect(slaClockState(100, null, 500, true)).toBe('paused');
    expect(slaClockState(100, 90, 500, true)).toBe('met');
  });

  it('watches the first-response clock until the first reply, then next response or resolution', () => {
    const t = { firstResponseAt: null, firstResponseDueAt: 10, resolvedAt: null, resolutionDueAt: 99 };
    expect(nextDeadline(t)).toEqual({ kind: 'first_response', dueAt: 10 });
    expect(nextDeadline({ ...t, firstResponseAt: 5 })).toEqual({ kind: 'resolution', dueAt: 99 });
    expect(nextDeadline({ ...t, firstResponseAt: 5, nextResponseDueAt: 40 })).toEqual({
      kind: 'next_response',
      dueAt: 40,
    });
    expect(nextDeadline({ ...t, firstResponseAt: 5, resolvedAt: 50 })).toBeNull();
  });
});

describe('SLA events', () => {
  const base = { ticketId: 't', authorId: null, reason: null } as const;
  const status = (createdAt: number, from: string, to: string) =>
    ({
      ...base,
      id: `s${createdAt}`,
      kind: 'status_change',
      authorType: 'agent',
      createdAt,
      from,
      to,
    }) as TicketEvent;
  const message = (createdAt: number, direction: 'inbound' | 'outbound') =>
    ({
      id: `m${createdAt}`,
      ticketId: 't',
      kind: 'message',
      direction,
      channel: 'chat',
      body: 'x',
      authorType: direction === 'inbound' ? 'customer' : 'agent',
      authorId: null,
      createdAt,
    }) as TicketEvent;

  it('derives pauses from status changes into and out of pending_customer', () => {
    const events = [
      status(30, 'pending_customer', 'open'),
      status(10, 'open', 'pending_customer'),
      status(50, 'open', 'pending_customer'),
      status(60, 'pending_customer', 'pending_customer'),
    ];
    expect(pausesFromEvents(events)).toEqual([
      { start: 10, end: 30 },
      { start: 50, end: null },
    ]);
  });

  it('finds the oldest customer message awaiting a reply after the first answer', () => {
    expect(awaitingReplySince([message(1, 'inbound')])).toBeNull(); // first-response clock
    expect(awaitingReplySince([message(1, 'inbound'), message(2, 'outbound')])).toBeNull();
    expect(
      awaitingReplySince([
        message(1, 'inbound'),
        message(2, 'outbound'),
        message(3, 'inbound'),
        message(4, 'inbound'),
      ]),
    ).toBe(3);
  });
});
