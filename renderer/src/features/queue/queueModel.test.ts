import { describe, expect, it } from 'vitest';
import { deriveTicket } from '../../db/derive.ts';
import { agentAlice, makeTicket } from '../../../test/fixtures.ts';
import { DEFAULT_QUEUE_QUERY, summariseQueue, type QueueQuery } from './queueModel.ts';

const NOW = Date.UTC(2025, 10, 25, 8, 0);
const MIN = 60_000;

function active() {
  return [
    deriveTicket(
      makeTicket({
        number: 'CD-1',
        priority: 'urgent',
        priorityReasons: ['health_risk'],
        firstResponseDueAt: NOW - MIN,
      }),
    ),
    deriveTicket(
      makeTicket({
        number: 'CD-2',
        assigneeId: null,
        category: 'complaint',
        firstResponseDueAt: NOW + 5 * MIN,
      }),
    ),
    deriveTicket(
      makeTicket({
        number: 'CD-3',
        status: 'pending_customer',
        teamId: crypto.randomUUID(),
        assigneeId: null,
        firstResponseDueAt: NOW - MIN,
      }),
    ),
  ];
}

const run = (query: Partial<QueueQuery>, agent: typeof agentAlice | null = agentAlice) =>
  summariseQueue(active(), { ...DEFAULT_QUEUE_QUERY, ...query }, { agent, now: NOW });

describe('queue model', () => {
  it('counts every view in one pass, with paused tickets out of the SLA views', () => {
    expect(run({}).counts).toEqual({
      all: 3,
      mine: 1,
      unassigned: 2,
      team: 2,
      due_soon: 1,
      breached: 1,
      complaints: 1,
      health_risk: 1,
      waiting_customer: 1,
      callbacks_due: 0,
    });
  });

  it('has nothing mine or my team without a signed-in agent', () => {
    const { counts } = run({}, null);
    expect([counts.mine, counts.team]).toEqual([0, 0]);
  });

  it('keeps the index order for the default sort and filters by view, filter and search', () => {
    expect(run({}).tickets.map((t) => t.number)).toEqual(['CD-1', 'CD-2', 'CD-3']);
    expect(run({ view: 'unassigned' }).tickets.map((t) => t.number)).toEqual(['CD-2', 'CD-3']);
    expect(run({ view: 'unassigned', filters: { status: 'new' } }).tickets.map((t) => t.number)).toEqual([
      'CD-2',
    ]);
    expect(run({ search: ' cd-3 ' }).tickets.map((t) => t.number)).toEqual(['CD-3']);
    expect(run({ search: '2' }).tickets.map((t) => t.number)).toEqual(['CD-2']);
  });
});

describe('callbacks due view', () => {
  const OTHER = crypto.randomUUID();
  const callback = (agentId: string, dueAt: number) => ({ callbackId: crypto.randomUUID(), agentId, dueAt });
  const tickets = () =>
    [
      makeTicket({ number: 'CB-soon', nextCallback: callback(agentAlice.id, NOW + 10 * MIN) }),
      makeTicket({ number: 'CB-later', nextCallback: callback(agentAlice.id, NOW + 3 * 60 * MIN) }),
      makeTicket({ number: 'CB-overdue', nextCallback: callback(agentAlice.id, NOW - 30 * MIN) }),
      makeTicket({ number: 'CB-theirs', nextCallback: callback(OTHER, NOW - MIN) }),
      makeTicket({ number: 'CB-none' }),
    ].map(deriveTicket);

  it('holds my callbacks due within the due-soon window or overdue, earliest first, and counts them', () => {
    const summary = summariseQueue(
      tickets(),
      { ...DEFAULT_QUEUE_QUERY, view: 'callbacks_due' },
      { agent: agentAlice, now: NOW },
    );
    expect(summary.tickets.map((t) => t.number)).toEqual(['CB-overdue', 'CB-soon']);
    expect(summary.counts.callbacks_due).toBe(2);
  });

  it('lets a callback into the view as its time comes, and has none without an agent', () => {
    const later = summariseQueue(
      tickets(),
      { ...DEFAULT_QUEUE_QUERY, view: 'callbacks_due' },
      {
        agent: agentAlice,
        now: NOW + 3 * 60 * MIN - 15 * MIN,
      },
    );
    expect(later.tickets.map((t) => t.number)).toEqual(['CB-overdue', 'CB-soon', 'CB-later']);
    const signedOut = summariseQueue(tickets(), DEFAULT_QUEUE_QUERY, { agent: null, now: NOW });
    expect(signedOut.counts.callbacks_due).toBe(0);
  });
});
