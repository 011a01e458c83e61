import type { DbQueryable } from '../db/types.ts';

/** CD-000123: zero-padded to six digits, longer once past a million. */
export const formatTicketNumber = (n: number) => `CD-${String(n).padStart(6, '0')}`;

export async function nextTicketNumber(q: DbQueryable): Promise<string> {
  const { rows } = await q.query<{ n: number }>("select nextval('ticket_number_seq') as n");
  return formatTicketNumber(Number(rows[0]!.n));
}
