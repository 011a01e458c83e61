import { readdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_DRIVERS, type TestDatabase } from '../testing/testDrivers.ts';
import { migrate } from './migrate.ts';

const FILES = readdirSync(new URL('./migrations/', import.meta.url)).filter((f) => f.endsWith('.sql'));

describe.each(TEST_DRIVERS)('migrations ($name)', (driver) => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await driver.open();
  });
  afterAll(() => database.dispose());

  it('applies every file once, records it, and is a no-op the second time', async () => {
    expect(await migrate(database.db)).toEqual(FILES.sort());
    expect(await migrate(database.db)).toEqual([]);
    const { rows } = await database.db.query<{ name: string }>(
      'select name from schema_migrations order by name',
    );
    expect(rows.map((r) => r.name)).toEqual(FILES.sort());
    const state = await database.db.query<{ version: number; epoch: string }>(
      'select version, epoch from sync_state',
    );
    expect(state.rows).toHaveLength(1);
    expect(state.rows[0]!.epoch).toMatch(/^[0-9a-f-]{36}$/);
  });

  // Only PostgreSQL has several connections to one database; PGlite is one process by design.
  if (driver.name === 'postgres') {
    it('lets instances that start together take turns', async () => {
      const peers = await Promise.all([database.openPeer!(), database.openPeer!()]);
      try {
        const applied = await Promise.all(peers.map((db) => migrate(db)));
        expect(applied).toEqual([[], []]);
      } finally {
        await Promise.all(peers.map((db) => db.close()));
      }
    });
  }
});
