import Fastify, { type FastifyInstance } from 'fastify';
import { createAccessTokens } from './auth/accessTokens.ts';
import { createAuthenticateHook } from './auth/authenticate.ts';
import { resolveJwtSecret } from './auth/resolveJwtSecret.ts';
import type { ServerConfig } from './config.ts';
import type { ServerContext } from './context.ts';
import { migrate } from './db/migrate.ts';
import { maintainPlannerStatistics } from './db/plannerStatistics.ts';
import { openDb } from './db/openDb.ts';
import type { Db } from './db/types.ts';
import { installErrorHandlers } from './http/errors.ts';
import { encryptLegacyCustomers, rekeyCustomers } from './privacy/encryptLegacyCustomers.ts';
import { installPrivacyKeys } from './privacy/keyring.ts';
import { resolveDataKeys } from './privacy/resolveDataKeys.ts';
import { logoutRoute, publicAuthRoutes } from './routes/auth/authRoutes.ts';
import { demoRoute } from './routes/demo/demoRoute.ts';
import { healthRoute } from './routes/health/healthRoute.ts';
import { intakeRoute } from './routes/intake/intakeRoute.ts';
import { privacyRoutes } from './routes/privacy/privacyRoutes.ts';
import { presenceRoutes } from './routes/presence.ts';
import { eventsRoute } from './routes/sync/eventsRoute.ts';
import { syncRoutes } from './routes/sync/syncRoutes.ts';
import { createPokeHub } from './sync/pokeHub.ts';

export interface CareDeskServer {
  app: FastifyInstance;
  db: Db;
  /** Stops the app, and the database when createServer opened it. */
  close(): Promise<void>;
}

export interface CreateServerOptions {
  /** An already open database (tests share one per file); it is migrated but not closed by `close`. */
  db?: Db;
}

/** Headers that must never reach a log line. */
const REDACT = ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie'];

/**
 * Builds the server without listening (tests drive it with `app.inject`): opens and migrates the
 * database, resolves the JWT key, starts the poke hub and registers the routes.
 */
export async function createServer(
  config: ServerConfig,
  options: CreateServerOptions = {},
): Promise<CareDeskServer> {
  const db = options.db ?? (await openDb(config));
  const ownsDb = !options.db;
  try {
    await migrate(db);
    await checkDefaultTeam(db, config.defaultTeamId);
    // Before anything reads a customer: rows map through the process's keys (db/rows.ts).
    const keys = await resolveDataKeys(config, db);
    installPrivacyKeys(keys);
    await encryptLegacyCustomers(db, keys);
    await rekeyCustomers(db, keys);
    const app = Fastify({
      logger: config.logLevel === 'silent' ? false : { level: config.logLevel, redact: REDACT },
    });
    const stopStatistics = await maintainPlannerStatistics(db, (err) =>
      app.log.warn({ err: { message: err.message } }, 'analyze failed'),
    );
    const ctx: ServerContext = {
      config,
      db,
      tokens: createAccessTokens(await resolveJwtSecret(config, db)),
      pokes: await createPokeHub(db, app.log),
    };

    app.decorateRequest('agent', null);
    installErrorHandlers(app);
    await app.register(healthRoute(ctx));
    await app.register(demoRoute(ctx));
    await app.register(publicAuthRoutes(ctx));
    await app.register(intakeRoute(ctx));
    // Everything registered in this scope requires a signed-in agent.
    await app.register(async (authed) => {
      authed.addHook('onRequest', createAuthenticateHook(ctx.tokens, db));
      await authed.register(logoutRoute(ctx));
      await authed.register(syncRoutes(ctx));
      await authed.register(eventsRoute(ctx));
      await authed.register(privacyRoutes(ctx));
      await authed.register(presenceRoutes(ctx));
    });
    await app.ready();

    return {
      app,
      db,
      async close() {
        stopStatistics();
        await app.close();
        await ctx.pokes.close();
        if (ownsDb) await db.close();
      },
    };
  } catch (err) {
    if (ownsDb) await db.close().catch(() => undefined);
    throw err;
  }
}

export interface StartServerOptions extends CreateServerOptions {
  /** Runs after migrations and before the port opens (the CLI seeds demo data here). */
  beforeListen?: (server: CareDeskServer) => Promise<void>;
}

/** createServer, then listen on config.host:config.port (0 picks a free port). */
export async function startServer(
  config: ServerConfig,
  options: StartServerOptions = {},
): Promise<{ url: string; db: Db; app: FastifyInstance; close: () => Promise<void> }> {
  const server = await createServer(config, options);
  try {
    await options.beforeListen?.(server);
    await server.app.listen({ port: config.port, host: config.host });
  } catch (err) {
    await server.close();
    throw err;
  }
  const address = server.app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const host = config.host.includes(':') ? `[${config.host}]` : config.host;
  return { url: `http://${host}:${port}`, db: server.db, app: server.app, close: server.close };
}

/** A misconfigured default team would fail every intake; better to refuse to start. */
async function checkDefaultTeam(db: Db, teamId: string | null): Promise<void> {
  if (!teamId) return;
  const { rows } = await db.query('select 1 from teams where id::text = $1', [teamId]);
  if (!rows.length) throw new Error(`CAREDESK_DEFAULT_TEAM_ID ${teamId} is not a team in this database`);
}
