import type { CareDeskApi } from '@shared/api/contract.ts';
import type { EntityTable } from 'dexie';
import type { CachedCustomer } from '../../db/types.ts';

/**
 * The cached customers with this phone number (an incoming call's, say), however it is written:
 * the main process turns the number into its blind index (`privacy.phoneIndex`), and the cache is
 * searched by that index, so no phone number is ever stored or compared in plaintext here. Several
 * customers may share a number (a family's landline), hence a list.
 *
 * Uses the `phoneIndex` index on `customers` (CareDeskDb schema v3, whose upgrade re-pulls every
 * customer so each cached one has its index).
 */
export async function findCustomersByPhone(
  api: Pick<CareDeskApi, 'privacy'>,
  db: { customers: EntityTable<CachedCustomer, 'id'> },
  phone: string,
): Promise<CachedCustomer[]> {
  const { phoneIndex } = await api.privacy.phoneIndex({ phone });
  if (!phoneIndex) return [];
  return db.customers.where('phoneIndex').equals(phoneIndex).toArray();
}
