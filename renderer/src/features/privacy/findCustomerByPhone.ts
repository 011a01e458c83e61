import type { CareDeskApi } from '@shared/api/contract.ts';
import { Dexie, type Table } from 'dexie';
import type { CachedCustomer } from '../../db/types.ts';

/**
 * The cached customers with this phone number (an incoming call's, say), however it is written:
 * the main process turns the number into its blind index (`privacy.phoneIndex`), and the cache is
 * searched by that index, so no phone number is ever stored or compared in plaintext here. Several
 * customers may share a number (a family's landline), hence a list.
 *
 * Needs the `phoneIndex` index on `customers` (CareDeskDb schema). Until a database has it, falls
 * back to a full scan so a call is still matched, only slower.
 */
export async function findCustomersByPhone(
  api: Pick<CareDeskApi, 'privacy'>,
  db: { customers: Table<CachedCustomer, string> },
  phone: string,
): Promise<CachedCustomer[]> {
  const { phoneIndex } = await api.privacy.phoneIndex({ phone });
  if (!phoneIndex) return [];
  try {
    return await db.customers.where('phoneIndex').equals(phoneIndex).toArray();
  } catch (err) {
    if (!(err instanceof Dexie.SchemaError)) throw err;
    return db.customers.filter((customer) => customer.phoneIndex === phoneIndex).toArray();
  }
}
