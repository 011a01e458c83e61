import { describe, expect, it } from 'vitest';
import { createPresenceStore, MAX_CLIENTS_PER_AGENT, type PresenceRecord } from './presenceStore.ts';

const TTL = 30_000;
const record = (overrides: Partial<PresenceRecord>): PresenceRecord => ({
  agentId: 'agent-a',
  clientId: 'client-1',
  displayName: '王磊',
  teamId: 'team-1',
  ticketId: 'ticket-1',
  typing: false,
  at: 0,
  ...overrides,
});

describe('presence store', () => {
  it('announces arrivals, moves, typing and departures, but not plain heartbeats', () => {
    let now = 1_000;
    const store = createPresenceStore({ ttlMs: TTL, now: () => now });
    const on = (ticketId: string) => ({ ticketId, teamId: 'team-1', agentId: 'agent-a' });
    expect(store.apply(record({ at: now }))).toEqual([on('ticket-1')]);
    now += 10_000;
    expect(store.apply(record({ at: now }))).toEqual([]);
    expect(store.apply(record({ at: now, typing: true }))).toEqual([on('ticket-1')]);
    expect(store.apply(record({ at: now, ticketId: 'ticket-2' }))).toEqual([on('ticket-1'), on('ticket-2')]);
    expect(store.apply(record({ at: now, ticketId: null }))).toEqual([on('ticket-2')]);
    expect(store.size).toBe(0);
  });

  it('ignores a report older than the one it has (relayed late by another instance)', () => {
    const store = createPresenceStore({ ttlMs: TTL, now: () => 5_000 });
    store.apply(record({ at: 5_000, ticketId: 'ticket-2' }));
    expect(store.apply(record({ at: 4_000, ticketId: 'ticket-1' }))).toEqual([]);
    expect(store.list('ticket-2', 'someone-else')).toHaveLength(1);
  });

  it('treats a report after expiry (before the sweep) as a fresh arrival', () => {
    let now = 0;
    const store = createPresenceStore({ ttlMs: TTL, now: () => now });
    store.apply(record({ at: now }));
    now += TTL;
    expect(store.list('ticket-1', 'someone-else')).toEqual([]);
    expect(store.apply(record({ at: now }))).toHaveLength(1);
    expect(store.list('ticket-1', 'someone-else')).toHaveLength(1);
    expect(store.sweep()).toEqual([]);
  });

  it(`keeps at most ${MAX_CLIENTS_PER_AGENT} clients per agent, dropping the oldest`, () => {
    let now = 0;
    const store = createPresenceStore({ ttlMs: TTL, now: () => now });
    for (let i = 0; i < MAX_CLIENTS_PER_AGENT; i++) {
      store.apply(record({ clientId: `c${i}`, ticketId: `t${i}`, at: now++ }));
    }
    store.apply(record({ agentId: 'agent-b', clientId: 'b', at: now++ }));
    const changes = store.apply(record({ clientId: 'new', ticketId: 't-new', at: now++ }));
    expect(changes.map((c) => c.ticketId)).toEqual(['t0', 't-new']);
    expect(store.size).toBe(MAX_CLIENTS_PER_AGENT + 1);
    expect(store.list('t0', 'someone-else')).toEqual([]);
  });
});
