import type { AccessTokens } from './auth/accessTokens.ts';
import type { ServerConfig } from './config.ts';
import type { Db } from './db/types.ts';
import type { PokeHub } from './sync/pokeHub.ts';

/** What the route plugins share; built once in app.ts. */
export interface ServerContext {
  config: ServerConfig;
  db: Db;
  tokens: AccessTokens;
  pokes: PokeHub;
}
