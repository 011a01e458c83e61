import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFakeApi, FakeServer } from '../../test/fakeApi.ts';
import { agentAlice, T0, uid } from '../../test/fixtures.ts';
import { CareDeskDb } from '../db/CareDeskDb.ts';
import type { RejectedMutation } from '../db/types.ts';
import { createSyncEngine } from './createSyncEngine.ts';
import { REJECTED_RETENTION_MS, type ReviewedRejection } from './rejectedRetention.ts';

const DAY = 24 * 3600 * 1000;
const NOW = T0 + 100 * DAY;
let db: CareDeskDb;

const refusal = (id: number, rejectedAt: number, acknowledgedAt?: number): ReviewedRejection => ({
  id,
  name: 'addNote',
  args: { ticketId: uid(), eventId: uid(), body: `note ${id}` },
  clientTime: rejectedAt,
  reason: 'ticket_closed',
  details: null,
  rejectedAt,
  ...(acknowledgedAt === undefined ? {} : { acknowledgedAt }),
});

const startEngine = async () => {
  const engine = createSyncEngine({
    api: createFakeApi({ server: new FakeServer() }),
    db,
    now: () => NOW,
    agentId: agentAlice.id,
    retryDelaysMs: [60_000],
  });
  await engine.start();
  engine.stop();
  return engine;
};

beforeEach(() => {
  db = new CareDeskDb(`retention-${crypto.randomUUID()}`);
});

afterEach(async () => {
  await db.delete();
});

describe('rejected mutations: 30-day retention', () => {
  it('drops acknowledged refusals older than 30 days at start and keeps the rest', async () => {
    const old = NOW - REJECTED_RETENTION_MS - DAY;
    await db.rejected.bulkPut([
      refusal(1, old, old + 1000), // seen, long ago → dropped
      refusal(2, old), // never seen → kept, however old
      refusal(3, NOW - 29 * DAY, NOW - 29 * DAY), // seen, within 30 days → kept
    ] as RejectedMutation[]);
    const engine = await startEngine();
    expect((await db.rejected.toArray()).map((r) => r.id)).toEqual([2, 3]);
    expect(engine.status.get().rejected).toBe(2);
  });

  it('acknowledging stamps the first sighting only, and a later start prunes by rejection time', async () => {
    const old = NOW - REJECTED_RETENTION_MS - DAY;
    await db.rejected.bulkPut([refusal(1, old), refusal(2, NOW - DAY, NOW - DAY)] as RejectedMutation[]);
    const engine = await startEngine();
    await engine.acknowledgeRejected([1, 2, 99]);
    const rows = (await db.rejected.toArray()) as ReviewedRejection[];
    expect(rows.map((r) => [r.id, r.acknowledgedAt])).toEqual([
      [1, NOW],
      [2, NOW - DAY],
    ]);
    await startEngine();
    expect((await db.rejected.toArray()).map((r) => r.id)).toEqual([2]);
  });
});
