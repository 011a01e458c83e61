import { API_EVENTS, buildApi, type ApiEvent, type CareDeskApi } from '@shared/api/contract.ts';
import { CareDeskApiError } from './apiError.ts';

const TOKEN_KEY = 'caredesk.hostToken';
const SESSION_KEY = 'caredesk.hostSession';

export interface BrowserHostOptions {
  /** Origin + path prefix of the browser host; '' means same origin. */
  baseUrl?: string;
  fetch?: typeof fetch;
  EventSource?: typeof EventSource;
  storage?: Storage;
  location?: Pick<Location, 'hash' | 'pathname' | 'search'>;
  history?: Pick<History, 'replaceState'>;
}

/** Reads `#token=…` once, keeps it for the tab's lifetime and strips it from the address bar. */
export function takeLaunchToken(
  storage: Storage,
  location: Pick<Location, 'hash' | 'pathname' | 'search'>,
  history: Pick<History, 'replaceState'> | undefined,
): string | null {
  const hash = location.hash.startsWith('#') ? location.hash.slice(1) : location.hash;
  const fromHash = new URLSearchParams(hash).get('token');
  if (fromHash) {
    if (storage.getItem(TOKEN_KEY) !== fromHash) storage.removeItem(SESSION_KEY);
    storage.setItem(TOKEN_KEY, fromHash);
    history?.replaceState(null, '', `${location.pathname}${location.search}`);
    return fromHash;
  }
  return storage.getItem(TOKEN_KEY);
}

async function readError(res: Response): Promise<CareDeskApiError> {
  let body: { code?: unknown; message?: unknown; details?: unknown } = {};
  try {
    body = (await res.json()) as typeof body;
  } catch {
    // not JSON: fall through with the status only
  }
  const code = typeof body.code === 'string' ? body.code : `http_${res.status}`;
  const message = typeof body.message === 'string' ? body.message : res.statusText;
  return new CareDeskApiError(code, message, { status: res.status, details: body.details });
}

/**
 * The browser host's client: the same `CareDeskApi` as the Electron preload, carried over HTTP
 * (`POST /host/api/<channel>`) and server-sent events (`/host/events`).
 */
export function createBrowserHostApi(options: BrowserHostOptions = {}): CareDeskApi {
  const baseUrl = options.baseUrl ?? '';
  const doFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const storage = options.storage ?? sessionStorage;
  const token = takeLaunchToken(storage, options.location ?? location, options.history ?? history);
  const EventSourceImpl = options.EventSource ?? globalThis.EventSource;

  let sessionPromise: Promise<string> | null = null;

  async function request(path: string, headers: Record<string, string>, body: unknown): Promise<Response> {
    try {
      return await doFetch(`${baseUrl}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(body),
      });
    } catch (err) {
      throw new CareDeskApiError('network', err instanceof Error ? err.message : 'fetch failed');
    }
  }

  function requireToken(): string {
    if (!token) throw new CareDeskApiError('host_token_missing', 'No launch token in the address (#token=…)');
    return token;
  }

  function hostSession(): Promise<string> {
    const stored = storage.getItem(SESSION_KEY);
    if (stored) return Promise.resolve(stored);
    sessionPromise ??= (async () => {
      const res = await request('/host/session', { 'x-caredesk-token': requireToken() }, {});
      if (!res.ok) throw await readError(res);
      const { hostSessionId } = (await res.json()) as { hostSessionId: string };
      storage.setItem(SESSION_KEY, hostSessionId);
      return hostSessionId;
    })().finally(() => {
      sessionPromise = null;
    });
    return sessionPromise;
  }

  async function invoke(channel: string, input: unknown, retried = false): Promise<unknown> {
    const session = await hostSession();
    const res = await request(
      `/host/api/${channel}`,
      { 'x-caredesk-token': requireToken(), 'x-caredesk-host-session': session },
      input,
    );
    if (res.ok) return res.status === 204 ? undefined : res.json();
    const error = await readError(res);
    // The host restarted and forgot our session: open a new one once.
    if (!retried && (error.code === 'host_session_invalid' || error.code === 'host_session_unknown')) {
      storage.removeItem(SESSION_KEY);
      closeEvents();
      return invoke(channel, input, true);
    }
    throw error;
  }

  const listeners = new Map<ApiEvent, Set<() => void>>();
  let source: EventSource | null = null;
  let connecting = false;

  function emit(event: ApiEvent): void {
    for (const listener of listeners.get(event) ?? []) listener();
  }

  function closeEvents(): void {
    source?.close();
    source = null;
  }

  function ensureEvents(): void {
    if (source || connecting || !EventSourceImpl || !token) return;
    connecting = true;
    hostSession()
      .then((session) => {
        const url = `${baseUrl}/host/events?session=${encodeURIComponent(session)}&token=${encodeURIComponent(token)}`;
        source = new EventSourceImpl(url);
        for (const name of API_EVENTS) source.addEventListener(name, () => emit(name));
        // Losing the host's event stream means we cannot hear the server either.
        source.addEventListener('error', () => emit('sync.offline'));
      })
      .catch(() => undefined)
      .finally(() => {
        connecting = false;
      });
  }

  function subscribe(event: ApiEvent, listener: () => void): () => void {
    let set = listeners.get(event);
    if (!set) listeners.set(event, (set = new Set()));
    set.add(listener);
    ensureEvents();
    return () => {
      set.delete(listener);
    };
  }

  return buildApi((channel, input) => invoke(channel, input), subscribe);
}
