import type { Db } from '../db/types.ts';
import {
  decryptCustomerColumns,
  encryptCustomerColumns,
  ENCRYPTED_CUSTOMER_COLUMNS,
} from './customerFields.ts';
import type { PrivacyKeys } from './keyring.ts';

const BATCH = 1_000;
type LegacyRow = { id: string } & Record<(typeof ENCRYPTED_CUSTOMER_COLUMNS)[number], string | null>;

/**
 * Encrypts customers written before migration 010 (plaintext columns, no phone_index) in place, in
 * batches. Every row written since has a phone_index, so this finds nothing on later starts. The
 * values a client sees do not change, so no version is taken.
 */
export async function encryptLegacyCustomers(db: Db, keys: PrivacyKeys): Promise<number> {
  let done = 0;
  for (;;) {
    const n = await db.transaction(async (tx) => {
      const { rows } = await tx.query<LegacyRow>(
        `select id, ${ENCRYPTED_CUSTOMER_COLUMNS.join(', ')} from customers where phone_index is null
         order by id limit ${BATCH} for update`,
      );
      for (const row of rows) {
        const e = encryptCustomerColumns(keys, row);
        await tx.query(
          `update customers set name = $2, phone = $3, email = $4, address = $5, id_number = $6,
             health_notes = $7, phone_index = $8 where id = $1`,
          [e.id, e.name, e.phone, e.email, e.address, e.id_number, e.health_notes, e.phone_index],
        );
      }
      return rows.length;
    });
    done += n;
    if (n < BATCH) return done;
  }
}

/**
 * Key rotation, second half: rewrites the customers whose envelopes are not under the current key
 * (decrypt with the old key, encrypt with the new), in batches, so the old key can then be removed
 * from CAREDESK_DATA_KEYS. Runs at start-up after encryptLegacyCustomers; finds nothing when no key
 * changed. A row's columns are always written together, so `name` tells which key the row is under.
 */
export async function rekeyCustomers(db: Db, keys: PrivacyKeys): Promise<number> {
  const prefix = `cd1.${keys.current.id}.`;
  let done = 0;
  for (;;) {
    const n = await db.transaction(async (tx) => {
      const { rows } = await tx.query<LegacyRow>(
        `select id, ${ENCRYPTED_CUSTOMER_COLUMNS.join(', ')} from customers
         where phone_index is not null and left(name, length($1)) <> $1
         order by id limit ${BATCH} for update`,
        [prefix],
      );
      for (const row of rows) {
        const e = encryptCustomerColumns(keys, decryptCustomerColumns(keys, row));
        await tx.query(
          `update customers set name = $2, phone = $3, email = $4, address = $5, id_number = $6,
             health_notes = $7 where id = $1`,
          [e.id, e.name, e.phone, e.email, e.address, e.id_number, e.health_notes],
        );
      }
      return rows.length;
    });
    done += n;
    if (n < BATCH) return done;
  }
}
