import { z } from 'zod';
import { Agent } from '../domain/index.ts';
import { LoginRequest } from './http.ts';
import { ClientId, Cookie, PushResponse, SealedPullResponse, SealedPushRequest } from '../sync/protocol.ts';
import { EpochMs } from '../domain/common.ts';
import { DeviceSettings, DeviceSettingsPatch } from '../privacy/deviceSettings.ts';
import { RevealRequest, RevealResult } from '../privacy/reveal.ts';
import { PhoneIndex } from '../privacy/sealed.ts';
import {
  OpenDraftRequest,
  RebindTextRequest,
  RevealSpanRequest,
  SealedText,
  SealedTextRef,
  SealTextRequest,
} from '../privacy/sealedText.ts';
import { PresenceList } from '../sync/presence.ts';
import { Id } from '../domain/common.ts';

/**
 * The one contract between the renderer and the main process. The preload exposes exactly these
 * methods (one IPC channel each, `caredesk:<namespace>.<method>`); the browser host serves the same
 * over HTTP. Inputs are parsed with these schemas on the trusted side before anything runs.
 */
export const AppInfo = z.object({
  version: z.string(),
  /** Demo mode shows the demo accounts on the login screen; never on in production. */
  demoMode: z.boolean(),
  demoAccounts: z.array(z.object({ username: z.string(), password: z.string(), role: z.string() })),
  host: z.enum(['electron', 'browser']),
  serverUrl: z.string(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const SessionInfo = z.object({ agent: Agent });
export type SessionInfo = z.infer<typeof SessionInfo>;

const Empty = z.object({}).strict();

export const API_CONTRACT = {
  app: {
    info: { input: Empty, output: AppInfo },
  },
  session: {
    login: { input: LoginRequest, output: SessionInfo },
    logout: { input: Empty, output: z.object({ ok: z.literal(true) }) },
    current: { input: Empty, output: SessionInfo.nullable() },
  },
  sync: {
    pull: {
      input: z.object({
        clientId: ClientId,
        cookie: Cookie.nullable(),
        limit: z.number().int().min(1).max(10_000).optional(),
        /**
         * The limit the client's next pull will ask for (a first sync starts with a small chunk, then
         * asks for full ones): the main process fetches the next chunk ahead with it.
         */
        nextLimit: z.number().int().min(1).max(10_000).optional(),
      }),
      output: SealedPullResponse,
    },
    /** Outbox entries with sealed free text: the main process opens them before they go out. */
    push: { input: SealedPushRequest, output: PushResponse },
  },
  /** Full personal data on demand (audited, rate-limited), blind phone lookups, wiping the device. */
  privacy: {
    reveal: { input: RevealRequest, output: RevealResult },
    /** One span of sealed free text, with the same role gate, reason, rate limit and audit as `reveal`. */
    revealSpan: { input: RevealSpanRequest, output: RevealResult },
    /** Masks and seals text the agent wrote (reply, note, action, draft) before it is cached. */
    sealText: { input: SealTextRequest, output: SealedText },
    /** A sealed text bound to another record (a rejected mutation re-issued under a new event id). */
    rebindText: { input: RebindTextRequest, output: SealedTextRef },
    /** The agent's own draft back into the composer (only envelopes sealed as drafts open here). */
    openDraft: { input: OpenDraftRequest, output: z.object({ text: z.string() }) },
    phoneIndex: {
      input: z.object({ phone: z.string().min(1).max(64) }),
      output: z.object({ phoneIndex: PhoneIndex.nullable() }),
    },
    /** Destroys the device keys (crypto-shredding); the renderer then deletes its databases. */
    wipeDevice: { input: Empty, output: z.object({ wipedAt: EpochMs }) },
  },
  /** Who else views or types on a ticket (online only; see shared/sync/presence.ts). */
  presence: {
    set: {
      input: z.object({ ticketId: Id.nullable(), typing: z.boolean() }).strict(),
      output: z.object({ ok: z.literal(true) }),
    },
    get: { input: z.object({ ticketId: Id }).strict(), output: PresenceList },
  },
  settings: {
    get: { input: Empty, output: DeviceSettings },
    set: { input: DeviceSettingsPatch, output: DeviceSettings },
  },
} as const;

type Contract = typeof API_CONTRACT;
export type ApiNamespace = keyof Contract;
type MethodsOf<N extends ApiNamespace> = Contract[N];

/** The API object the renderer calls: `await caredesk.session.login({ username, password })`. */
export type CareDeskApi = {
  [N in ApiNamespace]: {
    [M in keyof MethodsOf<N>]: MethodsOf<N>[M] extends {
      input: infer I extends z.ZodType;
      output: infer O extends z.ZodType;
    }
      ? (input: z.input<I>) => Promise<z.output<O>>
      : never;
  };
} & {
  /** Subscribes to a main-process event; returns the unsubscribe function. */
  on(event: ApiEvent, listener: () => void): () => void;
};

/**
 * Events the main process sends to the renderer, all data-free: `sync.poke` (the server has changes:
 * pull), `session.expired` (log in again), `sync.online` / `sync.offline` (the live channel's state),
 * `sync.upgradeRequired` (the server refuses this client's protocol version: stop syncing, keep the
 * outbox, ask the agent to update), `privacy.wiped` (the device keys were destroyed: delete the local
 * databases and show the login), `presence.changed` (someone opened, left or typed on a ticket: read
 * presence.get again).
 */
export const API_EVENTS = [
  'sync.poke',
  'session.expired',
  'sync.online',
  'sync.offline',
  'sync.upgradeRequired',
  'privacy.wiped',
  'presence.changed',
] as const;
export type ApiEvent = (typeof API_EVENTS)[number];

export interface ApiMethodRef {
  namespace: ApiNamespace;
  method: string;
  /** `<namespace>.<method>`: the IPC channel suffix and the browser host's route. */
  channel: string;
  input: z.ZodType;
  output: z.ZodType;
}

/** Every method of the contract, flattened: what the preload exposes and the hosts register. */
export const API_METHODS: readonly ApiMethodRef[] = Object.entries(API_CONTRACT).flatMap(
  ([namespace, methods]) =>
    Object.entries(methods).map(([method, def]) => ({
      namespace: namespace as ApiNamespace,
      method,
      channel: `${namespace}.${method}`,
      input: (def as { input: z.ZodType }).input,
      output: (def as { output: z.ZodType }).output,
    })),
);

export const IPC_PREFIX = 'caredesk:';

/**
 * Builds the API object from one transport (IPC in the preload, HTTP in the browser host client).
 * Only the contract's channels exist on it: there is no generic "invoke anything".
 */
export function buildApi(
  invoke: (channel: string, input: unknown) => Promise<unknown>,
  subscribe: (event: ApiEvent, listener: () => void) => () => void,
): CareDeskApi {
  const api: Record<string, Record<string, (input: unknown) => Promise<unknown>>> = {};
  for (const ref of API_METHODS) {
    (api[ref.namespace] ??= {})[ref.method] = (input: unknown) => invoke(ref.channel, input ?? {});
  }
  return Object.assign(api, {
    on: (event: ApiEvent, listener: () => void) => {
      if (!API_EVENTS.includes(event)) throw new Error(`Unknown event ${String(event)}`);
      return subscribe(event, listener);
    },
  }) as unknown as CareDeskApi;
}

/** What the trusted side implements for each method: inputs arrive already parsed. */
export type ApiHandlers = {
  [N in ApiNamespace]: {
    [M in keyof MethodsOf<N>]: MethodsOf<N>[M] extends {
      input: infer I extends z.ZodType;
      output: infer O extends z.ZodType;
    }
      ? (input: z.output<I>) => Promise<z.input<O>>
      : never;
  };
};
