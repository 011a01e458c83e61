import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { ServerConfig } from '../config.ts';
import type { Db } from '../db/types.ts';

const newSecret = () => randomBytes(32).toString('base64url');

/**
 * The HS256 key, in this order: CAREDESK_JWT_SECRET; PostgreSQL mode → a row of server_secrets made
 * by whichever instance came first (so all instances accept each other's tokens); PGlite mode →
 * `<dataDir>/jwt-secret`, created 0600 on first start (so tokens survive restarts); in-memory → a fresh
 * key per process. Database mode keeps the key beside the data it guards: a dump leaks both anyway.
 */
export async function resolveJwtSecret(config: ServerConfig, db: Db): Promise<string> {
  if (config.jwtSecret) return config.jwtSecret;
  if (db.kind === 'postgres') {
    await db.query('insert into server_secrets (name, value) values ($1, $2) on conflict (name) do nothing', [
      'jwt',
      newSecret(),
    ]);
    const { rows } = await db.query<{ value: string }>('select value from server_secrets where name = $1', [
      'jwt',
    ]);
    return rows[0]!.value;
  }
  if (!config.dataDir) return newSecret();

  const file = path.join(config.dataDir, 'jwt-secret');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
  await mkdir(config.dataDir, { recursive: true });
  const secret = newSecret();
  // 'wx' fails if another process won the race; then read theirs.
  try {
    await writeFile(file, secret, { mode: 0o600, flag: 'wx' });
    await chmod(file, 0o600);
    return secret;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return (await readFile(file, 'utf8')).trim();
  }
}
