import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createFakeApi, FakeServer, seedServerTicket, type FakeApi } from '../../test/fakeApi.ts';
import { fakeOpenText } from '../../test/fakeTextSealer.ts';
import { agentAlice, T0, uid } from '../../test/fixtures.ts';
import { CareDeskDb } from '../db/CareDeskDb.ts';
import { sealLegacyText } from '../db/sealLegacyText.ts';
import { loadDraft, saveDraft } from '../features/composer/drafts.ts';
import { createSyncEngine, type SyncEngine } from './createSyncEngine.ts';
import { cachedEvent } from '../../test/timelines.ts';

/**
 * Free text the agent writes never sits in IndexedDB in plaintext: the outbox, the optimistic event,
 * rejected mutations and drafts hold masks and envelopes (fake ones here: renderer/test/fakeTextSealer).
 */
let db: CareDeskDb;
let server: FakeServer;
let api: FakeApi;
let engine: SyncEngine;
const NOW = T0 + 10_000;
const REPLY = '已退款到您尾号卡6222021234567890128，如有问题请拨13812345678';
const SECRETS = ['6222021234567890128', '13812345678'];

/** Every row of every table as text: what a raw scan of the database would find. */
async function everything(): Promise<string> {
  const rows = await Promise.all(db.tables.map((t) => t.toArray()));
  return JSON.stringify(rows);
}

beforeEach(() => {
  db = new CareDeskDb(`sealed-${crypto.randomUUID()}`);
  server = new FakeServer();
  api = createFakeApi({ server });
  engine = createSyncEngine({ api, db, now: () => NOW, agentId: agentAlice.id, retryDelaysMs: [60_000] });
});

afterEach(async () => {
  engine.stop();
  await db.delete();
});

describe('sealed text in the outbox and the optimistic event', () => {
  it('a reply written offline is masked at once, sealed in the outbox, and pushed as the original', async () => {
    const ticket = seedServerTicket(server, { assigneeId: agentAlice.id, status: 'open' });
    await engine.pullNow();
    server.offline = true;
    const eventId = uid();
    await engine.mutate('replyToTicket', { ticketId: ticket.id, eventId, body: REPLY });

    const event = await cachedEvent(db, eventId);
    expect(event).toMatchObject({
      kind: 'message',
      body: '已退款到您尾号卡****0128，如有问题请拨138****5678',
    });
    expect(event?.sealedText?.body?.spans.map((s) => s.kind)).toEqual(['bank_card', 'mobile']);
    const [entry] = await db.outbox.toArray();
    expect(entry?.args).toMatchObject({ body: event && 'body' in event ? event.body : '' });
    expect(fakeOpenText(eventId, 'body', entry!.args.sealedText!.body!.sealed).text).toBe(REPLY);
    const raw = await everything();
    for (const secret of SECRETS) expect(raw).not.toContain(secret);

    server.offline = false;
    await engine.pushNow();
    expect(server.pushes.at(-1)?.mutations[0]?.args).toEqual({ ticketId: ticket.id, eventId, body: REPLY });
    // The rebase after the next pull keeps the event sealed too.
    await engine.pullNow();
    for (const secret of SECRETS) expect(await everything()).not.toContain(secret);
  });

  it('text without personal data is written as it is, without a call to the main process', async () => {
    const ticket = seedServerTicket(server, { assigneeId: agentAlice.id, status: 'open' });
    await engine.pullNow();
    const eventId = uid();
    await engine.mutate('addNote', { ticketId: ticket.id, eventId, body: '等仓库回复' });
    expect(await cachedEvent(db, eventId)).toMatchObject({ body: '等仓库回复' });
    expect((await cachedEvent(db, eventId))?.sealedText).toBeUndefined();
    expect(api.calls).not.toContain('privacy.sealText');
  });

  it('keeps the order mutations were made in, however long sealing takes', async () => {
    const ticket = seedServerTicket(server, { assigneeId: agentAlice.id, status: 'open' });
    await engine.pullNow();
    const seal = api.privacy.sealText;
    vi.spyOn(api.privacy, 'sealText').mockImplementation(async (input) => {
      await new Promise((resolve) => setTimeout(resolve, 30));
      return seal(input);
    });
    server.offline = true;
    const note = engine.mutate('addNote', { ticketId: ticket.id, eventId: uid(), body: REPLY });
    const status = engine.mutate('setStatus', {
      ticketId: ticket.id,
      eventId: uid(),
      to: 'pending_customer',
      reason: null,
    });
    expect(await note).toBeLessThan(await status);
    expect((await db.outbox.orderBy('id').toArray()).map((e) => e.name)).toEqual(['addNote', 'setStatus']);
  });

  it('a rejected reply re-issued as new gets its text bound to the new event id', async () => {
    const ticket = seedServerTicket(server, { assigneeId: agentAlice.id, status: 'open' });
    await engine.pullNow();
    server.rejectIf = (m) => (m.name === 'replyToTicket' ? 'ticket_closed' : null);
    await engine.mutate('replyToTicket', { ticketId: ticket.id, eventId: uid(), body: REPLY });
    await engine.pushNow();
    const [rejected] = await db.rejected.toArray();
    expect(rejected).toBeDefined();
    for (const secret of SECRETS) expect(JSON.stringify(rejected)).not.toContain(secret);

    server.rejectIf = null;
    await engine.retryRejectedAsNew(rejected!.id);
    const [entry] = await db.outbox.toArray();
    const newEventId = (entry!.args as { eventId: string }).eventId;
    expect(newEventId).not.toBe((rejected!.args as { eventId: string }).eventId);
    expect(fakeOpenText(newEventId, 'body', entry!.args.sealedText!.body!.sealed).text).toBe(REPLY);
    await engine.pushNow();
    expect(server.pushes.at(-1)?.mutations[0]?.args).toMatchObject({ eventId: newEventId, body: REPLY });
  });
});

describe('drafts', () => {
  it('are stored masked with an envelope, and load back as the agent wrote them', async () => {
    const ticketId = uid();
    await saveDraft(db, ticketId, { mode: 'reply', body: REPLY, attachments: [] }, api.privacy);
    const row = await db.drafts.get(ticketId);
    expect(row?.body).toBe('已退款到您尾号卡****0128，如有问题请拨138****5678');
    expect(row?.sealedBody).toBeDefined();
    for (const secret of SECRETS) expect(await everything()).not.toContain(secret);
    expect(await loadDraft(db, ticketId, api.privacy)).toEqual({
      mode: 'reply',
      body: REPLY,
      attachments: [],
    });

    await saveDraft(db, ticketId, { mode: 'note', body: '稍后回电', attachments: [] }, api.privacy);
    expect(await db.drafts.get(ticketId)).toMatchObject({ body: '稍后回电' });
    expect((await db.drafts.get(ticketId))?.sealedBody).toBeUndefined();
  });
});

describe('sealLegacyText (rows a version before v5 left in plaintext)', () => {
  it('seals plaintext outbox, rejected and draft rows in place, and leaves sealed ones alone', async () => {
    const ticketId = uid();
    const eventId = uid();
    const reply = {
      id: 1,
      name: 'replyToTicket',
      args: { ticketId, eventId, body: REPLY },
      clientTime: T0,
    } as const;
    await db.outbox.put({ ...reply, state: 'pending' });
    await db.rejected.put({
      ...reply,
      id: 2,
      args: { ...reply.args, eventId: uid() },
      reason: 'ticket_closed',
      details: null,
      rejectedAt: T0,
    });
    await db.drafts.put({ ticketId, mode: 'reply', body: REPLY, attachments: [], updatedAt: T0 });
    await db.outbox.put({
      id: 3,
      name: 'setAgentState',
      args: { state: 'busy' },
      clientTime: T0,
      state: 'pending',
    });

    await sealLegacyText(db, api);
    for (const secret of SECRETS) expect(await everything()).not.toContain(secret);
    const entry = await db.outbox.get(1);
    expect(fakeOpenText(eventId, 'body', entry!.args.sealedText!.body!.sealed).text).toBe(REPLY);
    expect(await db.outbox.get(3)).toMatchObject({ args: { state: 'busy' } });
    expect((await loadDraft(db, ticketId, api.privacy))?.body).toBe(REPLY);

    const before = await everything();
    await sealLegacyText(db, api);
    expect(await everything()).toBe(before);
  });
});
