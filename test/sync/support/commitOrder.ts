import { randomUUID } from 'node:crypto';
import { expect } from 'vitest';
import type { Agent } from '@shared/domain/index.ts';
import { writeTransaction } from '../../../server/src/db/beginWrite.ts';
import type { Db } from '../../../server/src/db/types.ts';
import { pullChanges } from '../../../server/src/sync/pull.ts';
import { insertEvent } from '../../../server/src/tickets/insertEvent.ts';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Proves, on PostgreSQL (several connections, real concurrency), the property the cookie rests on:
 * a pull never skips a row committed by a transaction that started before a faster one.
 *
 * 1. Two writers: A takes its version and stalls before committing; B starts later. B cannot get a
 *    version while A holds sync_state's row lock, so B cannot commit "ahead" of A; a pull in between
 *    sees neither and its cookie stops before A's version; after both commit the next pull has both.
 * 2. The counterfactual: versions from a sequence (no row lock) do let B commit first, and a reader
 *    that trusts "max committed version" skips A's row for ever.
 * 3. A fuzz: many writers with random stalls inside their transactions against a reader pulling in a
 *    tight loop; the rows the reader collected are exactly the rows written.
 */
export async function proveCommitOrder(db: Db): Promise<void> {
  const admin = await adminAgent(db);
  const ticketId = await anyTicket(db);
  const note = (id: string) => ({
    id,
    ticketId,
    kind: 'note' as const,
    body: 'commit order',
    authorType: 'system' as const,
    authorId: null,
    createdAt: Date.now(),
  });
  const start = await pullToEnd(db, admin, null);

  // 1. The row lock keeps commits in version order.
  let releaseA!: () => void;
  const aMayCommit = new Promise<void>((r) => (releaseA = r));
  let aHasVersion!: () => void;
  const aStarted = new Promise<void>((r) => (aHasVersion = r));
  const idA = randomUUID();
  const idB = randomUUID();
  const a = writeTransaction(db, async (tx, stamp) => {
    await insertEvent(tx, note(idA), stamp.version);
    aHasVersion();
    await aMayCommit;
    return stamp.version;
  });
  await aStarted;
  const b = writeTransaction(db, async (tx, stamp) => {
    await insertEvent(tx, note(idB), stamp.version);
    return stamp.version;
  });
  const race = await Promise.race([b.then(() => 'B committed'), sleep(300).then(() => 'B waits')]);
  expect(race).toBe('B waits');
  const between = await pullToEnd(db, admin, start.cookie);
  expect(between.ids).not.toContain(idA);
  expect(between.ids).not.toContain(idB);
  releaseA();
  const [versionA, versionB] = await Promise.all([a, b]);
  expect(versionB).toBe(versionA + 1);
  const after = await pullToEnd(db, admin, between.cookie);
  expect(after.ids).toEqual(expect.arrayContaining([idA, idB]));

  // 2. Without the lock: a sequence hands out versions, B commits first, the reader skips A.
  await db.exec(`create table naive_rows (id int primary key, version bigint not null);
    create sequence naive_version;`);
  try {
    let releaseNaive!: () => void;
    const naiveMayCommit = new Promise<void>((r) => (releaseNaive = r));
    let naiveStarted!: () => void;
    const started = new Promise<void>((r) => (naiveStarted = r));
    const slow = db.transaction(async (tx) => {
      await tx.query(`insert into naive_rows values (1, nextval('naive_version'))`);
      naiveStarted();
      await naiveMayCommit;
    });
    await started;
    await db.transaction((tx) => tx.query(`insert into naive_rows values (2, nextval('naive_version'))`));
    const { rows } = await db.query<{ max: number }>('select max(version)::int as max from naive_rows');
    const naiveCookie = Number(rows[0]!.max); // "everything up to here has been seen"
    releaseNaive();
    await slow;
    const { rows: missed } = await db.query<{ id: number }>(
      'select id from naive_rows where version <= $1 and id not in (2)',
      [naiveCookie],
    );
    expect(missed.map((r) => r.id)).toEqual([1]); // row 1 committed under the cookie: never sent
  } finally {
    await db.exec('drop table naive_rows; drop sequence naive_version;');
  }

  // 3. Fuzz: writers stalling at random inside their transactions, a reader pulling all the while.
  const written: string[] = [];
  let writing = true;
  const writers = Array.from({ length: 6 }, async (_, w) => {
    for (let i = 0; i < 8; i++) {
      const id = randomUUID();
      await writeTransaction(db, async (tx, stamp) => {
        await insertEvent(tx, note(id), stamp.version);
        await sleep(((w * 7 + i * 13) % 9) * 3);
      });
      written.push(id);
    }
  });
  const seen = new Set<string>();
  let cookie = after.cookie;
  const reader = (async () => {
    while (writing) {
      const page = await pullToEnd(db, admin, cookie);
      for (const id of page.ids) seen.add(id);
      cookie = page.cookie;
      await sleep(2);
    }
  })();
  await Promise.all(writers);
  writing = false;
  await reader;
  const last = await pullToEnd(db, admin, cookie);
  for (const id of last.ids) seen.add(id);
  expect(written.filter((id) => !seen.has(id))).toEqual([]);
}

async function pullToEnd(db: Db, agent: Agent, cookie: string | null) {
  const ids: string[] = [];
  for (;;) {
    const page = await pullChanges(db, agent, { clientId: randomUUID(), cookie, limit: 5_000 });
    for (const op of page.patch) if (op.op === 'put' && op.entity === 'event') ids.push(op.value.id);
    cookie = page.cookie;
    if (!page.more) return { ids, cookie };
  }
}

async function adminAgent(db: Db): Promise<Agent> {
  const { rows } = await db.query<{ id: string; username: string; display_name: string; team_id: string }>(
    `select id, username, display_name, team_id from agents where role = 'admin' limit 1`,
  );
  const r = rows[0]!;
  return {
    id: r.id,
    username: r.username,
    displayName: r.display_name,
    role: 'admin',
    teamId: r.team_id,
    state: 'available',
    stateSince: 0,
  };
}

async function anyTicket(db: Db): Promise<string> {
  const { rows } = await db.query<{ id: string }>('select id from tickets order by id limit 1');
  return rows[0]!.id;
}
