import type { CareDeskApi } from '@shared/api/contract.ts';
import { isActive } from '@shared/ticket/stateMachine.ts';
import type { CareDeskDb } from '../../db/CareDeskDb.ts';
import type { CachedTicket } from '../../db/types.ts';
import { findCustomersByPhone } from '../privacy/findCustomerByPhone.ts';

export type ScreenPopResult =
  | { kind: 'ticket'; ticket: CachedTicket }
  | { kind: 'no_tickets'; customerIds: string[] }
  | { kind: 'no_match' };

/**
 * The ticket to show for an incoming call: the callers' (a shared number may match several
 * customers) active ticket touched last, else the newest ticket they ever opened. Works offline: the number is
 * matched through its blind index against the cache (findCustomersByPhone).
 */
export async function screenPop(
  api: Pick<CareDeskApi, 'privacy'>,
  db: CareDeskDb,
  phone: string,
): Promise<ScreenPopResult> {
  const customers = await findCustomersByPhone(api, db, phone);
  if (customers.length === 0) return { kind: 'no_match' };
  const customerIds = customers.map((c) => c.id);
  const tickets = await db.tickets.where('customerId').anyOf(customerIds).toArray();
  const ticket =
    tickets.filter((t) => isActive(t.status)).sort((a, b) => b.updatedAt - a.updatedAt)[0] ??
    tickets.sort((a, b) => b.createdAt - a.createdAt)[0];
  return ticket ? { kind: 'ticket', ticket } : { kind: 'no_tickets', customerIds };
}
