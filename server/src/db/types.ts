/** What both drivers can run: parameterised statements and multi-statement scripts (migrations). */
export interface DbQueryable {
  query<T = Record<string, unknown>>(sql: string, params?: readonly unknown[]): Promise<{ rows: T[] }>;
  /** Runs a script of several statements without parameters (simple query protocol). */
  exec(sql: string): Promise<void>;
}

/** A handle valid only inside `Db.transaction`; using the outer `Db` there would deadlock on PGlite. */
export type DbTx = DbQueryable;

export type DbKind = 'pglite' | 'postgres';

/**
 * The one database seam of the server. Two drivers implement it: embedded PGlite (desktop and demo,
 * one process) and PostgreSQL through a pg Pool (several server instances).
 *
 * Value conventions both drivers keep: int8 comes back as a JS number (versions and epoch
 * milliseconds stay far below 2^53), jsonb as parsed JSON; jsonb parameters are passed as JSON strings
 * with an explicit `::jsonb` cast, because pg would turn a JS array into a Postgres array.
 */
export interface Db extends DbQueryable {
  readonly kind: DbKind;
  transaction<T>(fn: (tx: DbTx) => Promise<T>): Promise<T>;
  /** Subscribes to a NOTIFY channel; resolves to the unsubscribe function. */
  listen(channel: string, cb: (payload: string) => void): Promise<() => Promise<void>>;
  notify(channel: string, payload?: string): Promise<void>;
  close(): Promise<void>;
}
