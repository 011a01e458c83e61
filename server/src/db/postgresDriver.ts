import pg from 'pg';
import type { Db, DbTx } from './types.ts';

const INT8_OID = 20;

export interface PostgresOptions {
  connectionString: string;
  /** Confines every session to one schema: how the test suite isolates its files on one server. */
  searchPath?: string;
  /** Called when the live LISTEN connection drops; it reconnects by itself. */
  onListenError?: (err: Error) => void;
}

/** Parses int8 as a JS number, the same as PGlite, so rows look alike whichever driver read them. */
const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === INT8_OID
      ? (value: string) => Number(value)
      : pg.types.getTypeParser(oid, format ?? 'text')) as typeof pg.types.getTypeParser,
};

const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** PostgreSQL through a pg Pool: what several server instances share. */
export async function openPostgresDb(options: PostgresOptions): Promise<Db> {
  const clientConfig: pg.ClientConfig = {
    connectionString: options.connectionString,
    types,
    ...(options.searchPath ? { options: `-c search_path=${options.searchPath}` } : {}),
  };
  const pool = new pg.Pool({ ...clientConfig, max: 10 });
  // An idle client that loses its connection emits here; without a listener it would crash the process.
  pool.on('error', () => undefined);
  await pool.query('select 1');

  const asTx = (client: pg.Pool | pg.PoolClient): DbTx => ({
    async query<T>(sql: string, params?: readonly unknown[]) {
      const result = await client.query(sql, params ? [...params] : undefined);
      return { rows: result.rows as T[] };
    },
    async exec(sql: string) {
      await client.query(sql);
    },
  });
  const root = asTx(pool);

  return {
    kind: 'postgres',
    query: root.query,
    exec: root.exec,
    async transaction(fn) {
      const client = await pool.connect();
      try {
        await client.query('begin');
        const result = await fn(asTx(client));
        await client.query('commit');
        return result;
      } catch (err) {
        await client.query('rollback').catch(() => undefined);
        throw err;
      } finally {
        client.release();
      }
    },
    listen: (channel, cb) => listenWithReconnect(clientConfig, channel, cb, options.onListenError),
    async notify(channel, payload = '') {
      await pool.query('select pg_notify($1, $2)', [channel, payload]);
    },
    close: () => pool.end(),
  };
}

/**
 * LISTEN needs a connection of its own for as long as it listens, so it lives outside the pool.
 * A dropped connection is re-opened after a second; pokes sent meanwhile are lost, which is harmless
 * because clients also pull on reconnect and on a timer.
 */
async function listenWithReconnect(
  config: pg.ClientConfig,
  channel: string,
  cb: (payload: string) => void,
  onError?: (err: Error) => void,
): Promise<() => Promise<void>> {
  let client: pg.Client | null = null;
  let stopped = false;
  let retry: NodeJS.Timeout | null = null;

  const connect = async () => {
    const next = new pg.Client(config);
    next.on('notification', (msg) => {
      if (msg.channel === channel) cb(msg.payload ?? '');
    });
    next.on('error', (err) => {
      onError?.(err);
      void next.end().catch(() => undefined);
      if (client === next) client = null;
      if (!stopped) retry = setTimeout(() => void connect().catch(scheduleRetry), 1000);
    });
    await next.connect();
    await next.query(`listen ${quoteIdent(channel)}`);
    client = next;
  };
  const scheduleRetry = (err: Error) => {
    onError?.(err);
    if (!stopped) retry = setTimeout(() => void connect().catch(scheduleRetry), 1000);
  };

  await connect();
  return async () => {
    stopped = true;
    if (retry) clearTimeout(retry);
    await client?.end().catch(() => undefined);
    client = null;
  };
}
