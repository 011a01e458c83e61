import { Dexie } from 'dexie';
import { describe, expect, it, vi } from 'vitest';
import type { CareDeskApi } from '@shared/api/contract.ts';
import { ApiCallError } from '@shared/api/errors.ts';
import { CareDeskDb } from '../../db/CareDeskDb.ts';
import { makeCustomer } from '../../../test/fixtures.ts';
import { isCareDeskDatabase, wipeDevice, wipeLocalData } from './wipeLocalData.ts';

async function seed(names: string[]) {
  for (const name of names) {
    const db = new Dexie(name);
    db.version(1).stores({ things: 'id' });
    await db.table('things').put({ id: 1 });
    db.close();
  }
}

describe('wipeLocalData', () => {
  it('deletes every CareDesk database, an open one included, and nothing else', async () => {
    await seed(['caredesk-agent-a', 'caredesk', 'caredesk-it-x', 'caredesky-other', 'someone-else']);
    const open = new CareDeskDb('caredesk-agent-b');
    await open.customers.put(makeCustomer());

    const deleted = await wipeLocalData();
    expect(deleted.sort()).toEqual(['caredesk', 'caredesk-agent-a', 'caredesk-agent-b', 'caredesk-it-x']);
    const left = await Dexie.getDatabaseNames();
    expect(left.filter(isCareDeskDatabase)).toEqual([]);
    expect(left).toEqual(expect.arrayContaining(['caredesky-other', 'someone-else']));
    expect(open.isOpen()).toBe(false);
    await Promise.all(['caredesky-other', 'someone-else'].map((n) => Dexie.delete(n)));
  });
});

describe('wipeDevice', () => {
  it('destroys the keys before any database is touched', async () => {
    await seed(['caredesk-order']);
    const order: string[] = [];
    const api = {
      privacy: {
        wipeDevice: vi.fn(async () => {
          order.push(
            `keys (databases left: ${(await Dexie.getDatabaseNames()).filter(isCareDeskDatabase).length})`,
          );
          return { wipedAt: 42 };
        }),
      },
    } as unknown as CareDeskApi;
    const result = await wipeDevice(api);
    expect(order).toEqual(['keys (databases left: 1)']);
    expect(result).toEqual({ wipedAt: 42, databases: ['caredesk-order'] });
    expect((await Dexie.getDatabaseNames()).filter(isCareDeskDatabase)).toEqual([]);
  });

  it('still deletes the databases when the main process fails, then reports the failure', async () => {
    await seed(['caredesk-failing']);
    const api = {
      privacy: {
        wipeDevice: vi.fn(async () => {
          throw new ApiCallError('vault_unavailable', 'keychain locked');
        }),
      },
    } as unknown as CareDeskApi;
    await expect(wipeDevice(api)).rejects.toMatchObject({ code: 'vault_unavailable' });
    expect((await Dexie.getDatabaseNames()).filter(isCareDeskDatabase)).toEqual([]);
  });
});
