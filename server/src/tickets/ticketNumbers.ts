/** CD-000123: zero-padded to six digits, longer once past a million. */
export const formatTicketNumber = (n: number) => `CD-${String(n).padStart(6, '0')}`;

/**
 * A SQL expression for `countParam` (a placeholder such as `$5`) fresh values of the ticket number
 * sequence as a jsonb array, for a statement that draws numbers along with other work (one round
 * trip). Format each with formatTicketNumber. The sequence hands each value out once across all
 * transactions and server instances; a rolled-back transaction leaves a gap, never a duplicate.
 */
export const drawTicketNumbersSql = (countParam: string) =>
  `(select coalesce(jsonb_agg(nextval('ticket_number_seq')), '[]'::jsonb) from generate_series(1, ${countParam}::int))`;

/** Drawn values as ticket numbers, ascending (the order they were drawn within one statement). */
export const toTicketNumbers = (values: readonly (number | string)[]): string[] =>
  values
    .map(Number)
    .sort((a, b) => a - b)
    .map(formatTicketNumber);
