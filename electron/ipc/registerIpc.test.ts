import { describe, expect, it, vi } from 'vitest';
import { API_METHODS, IPC_PREFIX } from '@shared/api/contract.ts';
import type { ApiHandlers } from '@shared/api/contract.ts';
import { ApiCallError } from '@shared/api/errors.ts';
import { createEventHub } from '../services/eventHub.ts';
import { createAppUrlCheck } from './appUrl.ts';
import type { IpcInvokeEventLike, IpcMainLike } from './registerIpc.ts';
import { registerIpc } from './registerIpc.ts';
import { agentLi } from '../test/fixtures.ts';

const APP_URL = 'file:///opt/CareDesk/resources/app/dist/renderer/index.html';

type Listener = (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>;

function setup() {
  const registered = new Map<string, Listener>();
  const ipcMain: IpcMainLike = {
    handle: (channel, listener) => void registered.set(channel, listener),
    removeHandler: (channel) => void registered.delete(channel),
  };
  const login = vi.fn(async () => ({ agent: agentLi }));
  const handlers = {
    app: { info: vi.fn() },
    session: { login, logout: vi.fn(), current: vi.fn(async () => null) },
    sync: { pull: vi.fn(), push: vi.fn() },
  } as unknown as ApiHandlers;
  const hub = createEventHub();
  const sent: string[] = [];
  const webContents = { send: (channel: string) => void sent.push(channel), isDestroyed: () => false };
  const dispose = registerIpc({
    ipcMain,
    handlers,
    events: hub,
    isAppUrl: createAppUrlCheck(APP_URL),
    target: () => webContents,
  });
  const call = (channel: string, frame: IpcInvokeEventLike['senderFrame'], input: unknown) => {
    const listener = registered.get(IPC_PREFIX + channel);
    if (!listener) throw new Error(`nothing registered on ${channel}`);
    return listener({ senderFrame: frame }, input);
  };
  return { registered, call, login, hub, sent, dispose };
}

const appFrame = { url: `${APP_URL}#/queue`, parent: null };

async function codeOf(promise: Promise<unknown>): Promise<string> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  return ApiCallError.from(err).code;
}

describe('registerIpc', () => {
  it('registers exactly one channel per contract method and removes them on dispose', () => {
    const { registered, dispose } = setup();
    expect([...registered.keys()].sort()).toEqual(API_METHODS.map((m) => IPC_PREFIX + m.channel).sort());
    dispose();
    expect(registered.size).toBe(0);
  });

  it('passes a valid call from the app page to the handler with the parsed input', async () => {
    const { call, login } = setup();
    await expect(call('session.login', appFrame, { username: '  li.na ', password: 'pw' })).resolves.toEqual({
      agent: agentLi,
    });
    expect(login).toHaveBeenCalledWith({ username: 'li.na', password: 'pw' });
  });

  it('refuses callers that are not the app page: other files, web pages, sub-frames, gone frames', async () => {
    const { call, login } = setup();
    const input = { username: 'li.na', password: 'pw' };
    expect(await codeOf(call('session.login', { url: 'file:///tmp/evil.html' }, input))).toBe('forbidden');
    expect(await codeOf(call('session.login', { url: 'https://example.com/' }, input))).toBe('forbidden');
    expect(await codeOf(call('session.login', { url: APP_URL, parent: {} }, input))).toBe('forbidden');
    expect(await codeOf(call('session.login', null, input))).toBe('forbidden');
    expect(login).not.toHaveBeenCalled();
  });

  it('rejects invalid input with invalid_input without calling the handler, and never echoes it', async () => {
    const { call, login } = setup();
    const err = await call('session.login', appFrame, {
      username: '',
      password: 'secret-pw',
      extra: 1,
    }).catch((e: unknown) => e);
    const apiError = ApiCallError.from(err);
    expect(apiError.code).toBe('invalid_input');
    expect(JSON.stringify(apiError.details)).toContain('username');
    expect((err as Error).message).not.toContain('secret-pw');
    expect(await codeOf(call('session.current', appFrame, { unexpected: true }))).toBe('invalid_input');
    expect(login).not.toHaveBeenCalled();
  });

  it('forwards service events to the window on the event channel', () => {
    const { hub, sent, dispose } = setup();
    hub.emit('sync.poke');
    hub.emit('session.expired');
    expect(sent).toEqual([`${IPC_PREFIX}event:sync.poke`, `${IPC_PREFIX}event:session.expired`]);
    dispose();
    hub.emit('sync.poke');
    expect(sent).toHaveLength(2);
  });
});

describe('createAppUrlCheck', () => {
  it('matches the exact file for file:// apps and the origin for a dev server', () => {
    const fileCheck = createAppUrlCheck(APP_URL);
    expect(fileCheck(`${APP_URL}?x=1#/a`)).toBe(true);
    expect(fileCheck('file:///opt/CareDesk/resources/app/dist/renderer/other.html')).toBe(false);
    expect(fileCheck('not a url')).toBe(false);
    const devCheck = createAppUrlCheck('http://localhost:5173/');
    expect(devCheck('http://localhost:5173/some/route')).toBe(true);
    expect(devCheck('http://localhost:5174/')).toBe(false);
  });
});
