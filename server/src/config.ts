import path from 'node:path';
import type { DemoInfo } from '@shared/api/http.ts';
import { DEMO_ACCOUNTS, DEMO_INTAKE_KEY } from './seed/demoAccounts.ts';

export interface ServerConfig {
  port: number;
  host: string;
  /** PGlite's folder and the home of the generated JWT secret; null = in memory (tests). */
  dataDir: string | null;
  /** When set, PostgreSQL instead of PGlite. */
  databaseUrl: string | null;
  /**
   * HS256 key for access tokens. When null the server makes one: PGlite mode stores it in
   * `<dataDir>/jwt-secret` (0600); PostgreSQL mode stores it in the server_secrets table so every
   * instance on that database shares it (see auth/resolveJwtSecret.ts).
   */
  jwtSecret: string | null;
  /**
   * Customer privacy column keys, `keyId:base64key,…` (first encrypts, all decrypt) and the phone
   * blind-index HMAC key (base64, 32 bytes). Required with DATABASE_URL unless demo; otherwise
   * generated into the data folder (see privacy/resolveDataKeys.ts, docs/privacy.md).
   */
  dataKeys: string | null;
  phoneIndexKey: string | null;
  intakeKeys: string[];
  /** Team that intake assigns new tickets to; null = the first team. */
  defaultTeamId: string | null;
  /** Demo mode: /api/demo answers with these; never set in production. */
  demo: DemoInfo | null;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  /** Oldest client protocol served (426 below it); default sync/protocolVersion.ts MIN_CLIENT_PROTOCOL. */
  minClientProtocol?: number;
}

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const;

/** Reads `--name value` / `--name=value` / bare `--flag` from argv. */
export function argValue(argv: readonly string[], name: string): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === `--${name}`) {
      const next = argv[i + 1];
      return next !== undefined && !next.startsWith('--') ? next : 'true';
    }
    if (arg.startsWith(`--${name}=`)) return arg.slice(name.length + 3);
  }
  return undefined;
}

const truthy = (v: string | undefined) => v !== undefined && !['', '0', 'false', 'no'].includes(v);

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`Invalid port: ${value}`);
  return port;
}

/**
 * The server's settings: command-line flags win over environment variables, which win over defaults.
 * Flags: --port, --host, --data-dir, --in-memory, --database-url, --demo, --log-level.
 * Env: CAREDESK_PORT, CAREDESK_HOST, CAREDESK_DATA_DIR, DATABASE_URL, CAREDESK_JWT_SECRET,
 * CAREDESK_DATA_KEYS, CAREDESK_PHONE_INDEX_KEY, CAREDESK_INTAKE_KEYS (comma list), CAREDESK_DEFAULT_TEAM_ID, CAREDESK_DEMO, CAREDESK_LOG_LEVEL.
 * Pure: it reads nothing but its arguments (the secret file is handled at start-up).
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  argv: readonly string[] = process.argv.slice(2),
): ServerConfig {
  const demo = truthy(argValue(argv, 'demo') ?? env.CAREDESK_DEMO);
  const inMemory = truthy(argValue(argv, 'in-memory'));
  const dataDir = argValue(argv, 'data-dir') ?? env.CAREDESK_DATA_DIR ?? '.data/server';
  const logLevel = argValue(argv, 'log-level') ?? env.CAREDESK_LOG_LEVEL ?? 'info';
  if (!(LOG_LEVELS as readonly string[]).includes(logLevel))
    throw new Error(`Invalid log level: ${logLevel}`);

  const intakeKeys = (env.CAREDESK_INTAKE_KEYS ?? '')
    .split(',')
    .map((k) => k.trim())
    .filter(Boolean);
  if (demo && !intakeKeys.includes(DEMO_INTAKE_KEY)) intakeKeys.push(DEMO_INTAKE_KEY);

  return {
    port: parsePort(argValue(argv, 'port') ?? env.CAREDESK_PORT ?? '4700'),
    host: argValue(argv, 'host') ?? env.CAREDESK_HOST ?? '127.0.0.1',
    dataDir: inMemory ? null : path.resolve(dataDir),
    databaseUrl: argValue(argv, 'database-url') ?? env.DATABASE_URL ?? null,
    jwtSecret: env.CAREDESK_JWT_SECRET || null,
    dataKeys: env.CAREDESK_DATA_KEYS || null,
    phoneIndexKey: env.CAREDESK_PHONE_INDEX_KEY || null,
    intakeKeys,
    defaultTeamId: env.CAREDESK_DEFAULT_TEAM_ID || null,
    demo: demo
      ? {
          accounts: DEMO_ACCOUNTS.map(({ username, password, role }) => ({ username, password, role })),
          intakeKey: DEMO_INTAKE_KEY,
        }
      : null,
    logLevel: logLevel as ServerConfig['logLevel'],
  };
}
