import type { Db } from '../db/types.ts';

/** No agents means nobody could sign in: a database that only demo seeding may fill. */
export async function isDatabaseEmpty(db: Db): Promise<boolean> {
  const { rows } = await db.query<{ empty: boolean }>('select not exists (select 1 from agents) as empty');
  return rows[0]!.empty;
}
