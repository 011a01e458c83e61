import { inspect } from 'node:util';
import { describe, expect, it } from 'vitest';
import { createSession } from './session.ts';
import { agentLi, loginResponse } from '../test/fixtures.ts';

describe('session', () => {
  it('holds tokens where inspecting or serialising the session cannot reach them', () => {
    const session = createSession();
    session.start(loginResponse(agentLi));
    expect(session.accessToken()).toBe('access-li.na-1');
    const shown = inspect(session, { depth: 10, getters: true, showHidden: true }) + JSON.stringify(session);
    expect(shown).not.toContain('access-li.na');
    expect(shown).not.toContain('refresh-li.na');
    expect(shown).toContain('li.na'); // the agent itself is not secret
  });

  it('ignores a refreshed pair that arrives after the session was replaced', () => {
    const session = createSession();
    session.start(loginResponse(agentLi, 1));
    session.start(loginResponse(agentLi, 2));
    const pair = { accessToken: 'late', accessExpiresAt: 0, refreshToken: 'late-r' };
    expect(session.rotate('refresh-li.na-1', pair)).toBe(false);
    expect(session.accessToken()).toBe('access-li.na-2');
    expect(session.rotate('refresh-li.na-2', pair)).toBe(true);
    expect(session.refreshToken()).toBe('late-r');
    session.clear();
    expect(session.isLoggedIn()).toBe(false);
    expect(session.agent).toBeNull();
  });
});
