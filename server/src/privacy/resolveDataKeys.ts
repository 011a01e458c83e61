import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ServerConfig } from '../config.ts';
import type { Db } from '../db/types.ts';
import { newKeyText, parsePrivacyKeys, type PrivacyKeys } from './keyring.ts';

const ephemeral = new Map<string, string>();

interface KeySource {
  /** Environment variable that wins when set. */
  env: 'CAREDESK_DATA_KEYS' | 'CAREDESK_PHONE_INDEX_KEY';
  configured: string | null;
  /** File in the data folder (PGlite) and server_secrets name (PostgreSQL demo). */
  name: string;
  make: () => string;
}

/**
 * The privacy keys, resolved like the JWT secret (auth/resolveJwtSecret.ts) with one difference:
 * in PostgreSQL mode they are required from the environment, because a key stored in the database
 * beside the envelopes protects nothing against a dump. Order, for each of CAREDESK_DATA_KEYS and
 * CAREDESK_PHONE_INDEX_KEY: the environment; PostgreSQL → refuse to start, unless demo mode, which
 * stores generated keys in server_secrets; PGlite → `<dataDir>/data-keys` and
 * `<dataDir>/phone-index-key`, created 0600 on first start; in memory → fresh keys, made once per process.
 */
export async function resolveDataKeys(config: ServerConfig, db: Db): Promise<PrivacyKeys> {
  const sources: KeySource[] = [
    {
      env: 'CAREDESK_DATA_KEYS',
      configured: config.dataKeys,
      name: 'data-keys',
      make: () => `k1:${newKeyText()}`,
    },
    {
      env: 'CAREDESK_PHONE_INDEX_KEY',
      configured: config.phoneIndexKey,
      name: 'phone-index-key',
      make: newKeyText,
    },
  ];
  const [dataKeys, indexKey] = await Promise.all(sources.map((s) => resolveOne(s, config, db)));
  return parsePrivacyKeys(dataKeys!, indexKey!);
}

async function resolveOne(source: KeySource, config: ServerConfig, db: Db): Promise<string> {
  if (source.configured) return source.configured;
  if (db.kind === 'postgres') {
    if (!config.demo) {
      throw new Error(
        `${source.env} is required with DATABASE_URL (see docs/privacy.md); only --demo generates one`,
      );
    }
    await db.query('insert into server_secrets (name, value) values ($1, $2) on conflict (name) do nothing', [
      source.name,
      source.make(),
    ]);
    const { rows } = await db.query<{ value: string }>('select value from server_secrets where name = $1', [
      source.name,
    ]);
    return rows[0]!.value;
  }
  if (!config.dataDir) {
    // Once per process, so a server restarted on the same in-memory database still reads its rows.
    const made = ephemeral.get(source.name) ?? source.make();
    ephemeral.set(source.name, made);
    return made;
  }

  const file = path.join(config.dataDir, source.name);
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(config.dataDir, { recursive: true });
  const value = source.make();
  // 'wx' fails if another process won the race; then read theirs.
  try {
    await writeFile(file, value, { mode: 0o600, flag: 'wx' });
    await chmod(file, 0o600);
    return value;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return (await readFile(file, 'utf8')).trim();
  }
}
