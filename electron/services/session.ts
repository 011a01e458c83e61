import type { Agent } from '@shared/domain/index.ts';
import type { LoginResponse, TokenPair } from '@shared/api/http.ts';

/**
 * The signed-in agent and their tokens, in memory only. Tokens live in closure variables rather than
 * properties, so logging, inspecting or JSON-serialising a Session can never print them; nothing here
 * touches the disk, so a restart always means signing in again.
 */
export interface Session {
  readonly agent: Agent | null;
  isLoggedIn(): boolean;
  accessToken(): string | null;
  refreshToken(): string | null;
  start(login: LoginResponse): void;
  /** Stores a refreshed pair, unless the session was ended or replaced while the refresh was in flight. */
  rotate(previousRefreshToken: string, pair: TokenPair): boolean;
  clear(): void;
}

export function createSession(): Session {
  let agent: Agent | null = null;
  let access: string | null = null;
  let refresh: string | null = null;

  return {
    get agent() {
      return agent;
    },
    isLoggedIn: () => agent !== null && access !== null,
    accessToken: () => access,
    refreshToken: () => refresh,
    start(login) {
      agent = login.agent;
      access = login.accessToken;
      refresh = login.refreshToken;
    },
    rotate(previousRefreshToken, pair) {
      if (refresh === null || refresh !== previousRefreshToken) return false;
      access = pair.accessToken;
      refresh = pair.refreshToken;
      return true;
    },
    clear() {
      agent = null;
      access = null;
      refresh = null;
    },
  };
}
