import { startServer } from '../../server/src/app.ts';
import { loadConfig } from '../../server/src/config.ts';
import { seedDemoData } from '../../server/src/seed/seedDemoData.ts';
import { eventually, openDesk, type Desk } from '../support/desk.ts';

/** Presence across the real parts: server, two teams' main services, the contract dispatcher. */
describe('presence end to end (real server, real main services, IPC dispatcher)', () => {
  let server: Awaited<ReturnType<typeof startServer>>;
  let alice: Desk;
  let bob: Desk;
  let carol: Desk;

  beforeAll(async () => {
    const config = {
      ...loadConfig({}, ['--in-memory', '--demo', '--port', '0']),
      logLevel: 'silent' as const,
    };
    server = await startServer(config, {
      beforeListen: async ({ db }) => void (await seedDemoData(db, { tickets: 20, seed: 7 })),
    });
    alice = await openDesk(server.url, 'agent1');
    bob = await openDesk(server.url, 'agent2');
    carol = await openDesk(server.url, 'agent3');
  });
  afterAll(async () => {
    await alice?.close();
    await bob?.close();
    await carol?.close();
    await server?.close();
  });

  it('bob sees alice open and type; carol (other team) hears nothing and reads nothing', async () => {
    const ticket = await eventually('a ticket', async () => (await alice.db.tickets.toArray())[0]);
    let bobChanged = 0;
    let carolChanged = 0;
    bob.services.events.on('presence.changed', () => bobChanged++);
    carol.services.events.on('presence.changed', () => carolChanged++);
    await eventually('streams', async () => (bob.api && carol.api ? true : undefined));
    await new Promise((r) => setTimeout(r, 300));
    await alice.api.presence.set({ ticketId: ticket.id, typing: false });
    await eventually('bob notified', async () => (bobChanged >= 1 ? true : undefined));
    const list = await bob.api.presence.get({ ticketId: ticket.id });
    expect(list.entries.map((e) => e.displayName)).toEqual([alice.agent.displayName]);
    await alice.api.presence.set({ ticketId: ticket.id, typing: true });
    await eventually('bob notified again', async () => (bobChanged >= 2 ? true : undefined));
    expect((await bob.api.presence.get({ ticketId: ticket.id })).entries[0]!.typing).toBe(true);
    expect(await carol.api.presence.get({ ticketId: ticket.id })).toEqual({ entries: [] });
    expect(carolChanged).toBe(0);
    await alice.api.presence.set({ ticketId: null, typing: false });
    await eventually('bob notified of leave', async () => (bobChanged >= 3 ? true : undefined));
    expect(await bob.api.presence.get({ ticketId: ticket.id })).toEqual({ entries: [] });
  });
});
