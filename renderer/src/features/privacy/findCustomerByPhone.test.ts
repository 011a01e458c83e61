import { Dexie, type EntityTable } from 'dexie';
import { afterEach, describe, expect, it, vi } from 'vitest';
import type { CareDeskApi } from '@shared/api/contract.ts';
import { makeCustomer } from '../../../test/fixtures.ts';
import { CareDeskDb } from '../../db/CareDeskDb.ts';
import type { CachedCustomer } from '../../db/types.ts';
import { findCustomersByPhone } from './findCustomerByPhone.ts';

const INDEX_A = 'A'.repeat(43);
const INDEX_B = 'B'.repeat(43);

class TestDb extends Dexie {
  customers!: EntityTable<CachedCustomer, 'id'>;
  constructor(name: string, customers: string) {
    super(name);
    this.version(1).stores({ customers });
  }
}

const dbs: Dexie[] = [];
afterEach(async () => {
  await Promise.all(dbs.splice(0).map((db) => db.delete()));
});

async function dbWith(schema: string) {
  const db = new TestDb(`phone-${crypto.randomUUID()}`, schema);
  dbs.push(db);
  const a1 = makeCustomer({ phoneIndex: INDEX_A });
  const a2 = makeCustomer({ phoneIndex: INDEX_A });
  const b = makeCustomer({ phoneIndex: INDEX_B });
  await db.customers.bulkPut([a1, a2, b, makeCustomer()]);
  return { db, a1, a2 };
}

function apiAnswering(phoneIndex: string | null) {
  const phoneIndexCall = vi.fn(async () => ({ phoneIndex }));
  return { api: { privacy: { phoneIndex: phoneIndexCall } } as unknown as CareDeskApi, phoneIndexCall };
}

describe('findCustomersByPhone', () => {
  it('asks the main process for the blind index and reads the customers carrying it', async () => {
    const { db, a1, a2 } = await dbWith('id, phoneIndex');
    const { api, phoneIndexCall } = apiAnswering(INDEX_A);
    const found = await findCustomersByPhone(api, db, '+86 138 1234 5678');
    expect(phoneIndexCall).toHaveBeenCalledWith({ phone: '+86 138 1234 5678' });
    expect(found.map((c) => c.id).sort()).toEqual([a1.id, a2.id].sort());
  });

  it('finds nobody for a number that is not a phone number, or not cached', async () => {
    const { db } = await dbWith('id, phoneIndex');
    expect(await findCustomersByPhone(apiAnswering(null).api, db, 'withheld')).toEqual([]);
    expect(await findCustomersByPhone(apiAnswering('C'.repeat(43)).api, db, '13900000000')).toEqual([]);
  });

  it("reads the app database's phoneIndex index (CareDeskDb v3)", async () => {
    const db = new CareDeskDb(`phone-${crypto.randomUUID()}`);
    dbs.push(db);
    const a = makeCustomer({ phoneIndex: INDEX_A });
    await db.customers.bulkPut([a, makeCustomer({ phoneIndex: INDEX_B }), makeCustomer()]);
    const found = await findCustomersByPhone(apiAnswering(INDEX_A).api, db, '13812345678');
    expect(found.map((c) => c.id)).toEqual([a.id]);
  });
});
