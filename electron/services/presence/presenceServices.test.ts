import { describe, expect, it } from 'vitest';
import type { ApiEvent } from '@shared/api/contract.ts';
import { PresenceReport, type PresenceEntry } from '@shared/sync/presence.ts';
import { createTestMainServices } from '../../test/testMainServices.ts';
import { createFakeSyncServer } from '../../test/fakeSyncServer.ts';
import { agentWang, rejection } from '../../test/fixtures.ts';

const TICKET_ID = 'bb0b1c2d-3e4f-4a5b-8c6d-7e8f9a0b1c2d';

/**
 * The fake sync server plus what it lacks for presence: the two /api/sync/presence routes and a way
 * to write any event into the open live channels.
 */
function presenceServer() {
  const server = createFakeSyncServer();
  const reports: Array<PresenceReport & { authorization: string | null }> = [];
  const others = new Map<string, PresenceEntry[]>();
  const channels = new Set<TransformStreamDefaultController<Uint8Array>>();
  const encoder = new TextEncoder();
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });

  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = new URL(String(input));
    if (url.pathname === '/api/sync/presence') {
      // Auth and reachability as the fake decides them for pull.
      const probe = await server.fetch(`${url.origin}/api/sync/pull`, {
        ...init,
        method: 'POST',
        body: '{}',
      });
      if (probe.status === 401) return probe;
      const authorization = new Headers(init?.headers).get('authorization');
      if (init?.method === 'POST') {
        reports.push({ ...PresenceReport.parse(JSON.parse(String(init.body))), authorization });
        return json(200, { ok: true });
      }
      return json(200, { entries: others.get(url.searchParams.get('ticketId') ?? '') ?? [] });
    }
    const response = await server.fetch(input, init);
    if (url.pathname !== '/api/sync/events' || !response.body) return response;
    let channel!: TransformStreamDefaultController<Uint8Array>;
    const relay = new TransformStream<Uint8Array, Uint8Array>({
      start: (c) => void channels.add((channel = c)),
      flush: () => void channels.delete(channel),
    });
    response.body.pipeTo(relay.writable).catch(() => channels.delete(channel));
    return new Response(relay.readable, { status: response.status, headers: response.headers });
  };

  return {
    server,
    fetch,
    reports,
    others,
    send(event: string) {
      for (const channel of channels) channel.enqueue(encoder.encode(event));
    },
  };
}

function setup() {
  const fake = presenceServer();
  const main = createTestMainServices(fake.fetch, {
    version: '1.2.3',
  });
  const seen: ApiEvent[] = [];
  for (const name of ['sync.poke', 'sync.online', 'presence.changed'] as const) {
    main.events.on(name, () => seen.push(name));
  }
  const login = () => main.handlers.session.login({ username: 'li.na', password: 'demo-pass-1' });
  return { ...fake, main, seen, login };
}

describe('presence in the main process', () => {
  it('refuses both calls before sign-in', async () => {
    const { main } = setup();
    expect((await rejection(main.handlers.presence.get({ ticketId: TICKET_ID }))).code).toBe('not_logged_in');
    expect((await rejection(main.handlers.presence.set({ ticketId: TICKET_ID, typing: false }))).code).toBe(
      'not_logged_in',
    );
  });

  it('posts what the seat shows under one client id, and reads the others back', async () => {
    const { main, login, reports, others } = setup();
    await login();
    expect(await main.handlers.presence.set({ ticketId: TICKET_ID, typing: false })).toEqual({ ok: true });
    await main.handlers.presence.set({ ticketId: TICKET_ID, typing: true });
    expect(reports.map(({ ticketId, typing }) => ({ ticketId, typing }))).toEqual([
      { ticketId: TICKET_ID, typing: false },
      { ticketId: TICKET_ID, typing: true },
    ]);
    expect(new Set(reports.map((r) => r.clientId)).size).toBe(1);
    expect(reports[0]!.authorization).toMatch(/^Bearer /);

    const wang: PresenceEntry = {
      agentId: agentWang.id,
      displayName: agentWang.displayName,
      ticketId: TICKET_ID,
      typing: true,
      at: 1_700_000_000_000,
    };
    others.set(TICKET_ID, [wang]);
    expect(await main.handlers.presence.get({ ticketId: TICKET_ID })).toEqual({ entries: [wang] });
  });

  it('fails soft offline: set still answers ok, get answers nobody', async () => {
    const { main, login, server, others } = setup();
    await login();
    others.set(TICKET_ID, [
      { agentId: agentWang.id, displayName: '王磊', ticketId: TICKET_ID, typing: false, at: 1 },
    ]);
    server.setReachable(false);
    expect(await main.handlers.presence.set({ ticketId: TICKET_ID, typing: false })).toEqual({ ok: true });
    expect(await main.handlers.presence.get({ ticketId: TICKET_ID })).toEqual({ entries: [] });
  });

  it('turns the live channel’s presence event into presence.changed, and re-reports on reconnect', async () => {
    const { main, login, seen, send, server, reports } = setup();
    await login();
    await expect.poll(() => seen).toContain('sync.online');
    await main.handlers.presence.set({ ticketId: TICKET_ID, typing: false });
    send(`event: presence\ndata: ${JSON.stringify({ ticketId: TICKET_ID })}\n\n`);
    await expect.poll(() => seen.filter((e) => e === 'presence.changed').length).toBe(1);
    expect(seen).not.toContain('sync.poke');

    // After a drop the others may have come and gone: read again; and renew this seat's record.
    const before = reports.length;
    server.dropStreams();
    await expect.poll(() => seen.filter((e) => e === 'sync.online').length).toBe(2);
    await expect.poll(() => seen.filter((e) => e === 'presence.changed').length).toBe(2);
    await expect.poll(() => reports.length).toBe(before + 1);
    expect(reports.at(-1)).toMatchObject({ ticketId: TICKET_ID });
  });

  it('says the seat left its case when signing out', async () => {
    const { main, login, reports } = setup();
    await login();
    await main.handlers.presence.set({ ticketId: TICKET_ID, typing: true });
    await main.handlers.session.logout({});
    expect(reports.at(-1)).toMatchObject({ ticketId: null, typing: false });
    expect(reports.at(-1)!.authorization).toMatch(/^Bearer /);
  });
});
