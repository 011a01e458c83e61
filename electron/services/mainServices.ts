import { randomUUID } from 'node:crypto';
import type { ApiHandlers } from '@shared/api/contract.ts';
import { ApiCallError } from '@shared/api/errors.ts';
import type { KeyStore } from './keyStore/keyStore.ts';
import { KeyStoreError } from './keyStore/keyStore.ts';
import type { LiveChannel, LiveChannelTuning } from './liveChannel.ts';
import type { ApiEventSource } from './eventHub.ts';
import { createEventHub } from './eventHub.ts';
import type { DemoInfo } from '@shared/api/http.ts';
import { createServerClient } from './serverClient.ts';
import { createSession } from './session.ts';
import { createPresenceHandlers } from './presence/presenceHandlers.ts';
import { createPresenceReporter } from './presence/presenceReporter.ts';
import type { PrivacyLimiters } from './privacy/limiters.ts';
import { processWideLimiters } from './privacy/limiters.ts';
import { openSealedMutations } from './privacy/openSealedMutations.ts';
import { createPrivacyHandlers, vaultFailure } from './privacy/privacyHandlers.ts';
import { createSettingsHandlers } from './settings/settingsHandlers.ts';
import { createPullAhead } from './sync/pullAhead.ts';
import type { SettingsStore } from './settings/settingsStore.ts';
import { createSettingsStore } from './settings/settingsStore.ts';
import type { Vault } from './vault/vault.ts';
import { createVault } from './vault/vault.ts';

export interface MainServicesOptions {
  serverUrl: string;
  keyStore: KeyStore;
  /**
   * A vault shared with other instances over the same key store (the browser host runs one
   * MainServices per tab). Without it, one is created from `keyStore` on first pull.
   */
  vault?: Promise<Vault>;
  fetch?: typeof fetch;
  host: 'electron' | 'browser';
  version: string;
  liveTuning?: Partial<LiveChannelTuning>;
  /** The device settings file; in memory with defaults when absent (browser host, tests). */
  settings?: SettingsStore;
  /** Per-agent reveal and phone-lookup limits; one process-wide pair by default. */
  limiters?: PrivacyLimiters;
  now?: () => number;
}

/** A push without sealed text needs no vault (and must not fail when it cannot be opened). */
const NOTHING_SEALED: Pick<Vault, 'openText'> = {
  openText: () => {
    throw new ApiCallError('internal', 'No sealed text was expected in this push.');
  },
};

/** Waits for `work` at most `ms`: a courtesy to a slow server must not hold up a sign-out or a quit. */
const atMost = (work: Promise<unknown>, ms: number) =>
  Promise.race([work, new Promise((resolve) => setTimeout(resolve, ms).unref())]);

export interface MainServices {
  handlers: ApiHandlers;
  events: ApiEventSource;
  /** Closes the live channel and ends the session (revoking its refresh token if the server is reachable). */
  dispose(): Promise<void>;
}

/**
 * Everything behind the contract for one signed-in seat: the server client, the in-memory session,
 * the vault that seals customer privacy fields and free text before they reach the renderer (and
 * opens the outbox's sealed text on its way to the server), and the live channel.
 * Transport-free: the IPC registrar and the browser host both drive it through `handlers`.
 */
export function createMainServices(options: MainServicesOptions): MainServices {
  const hub = createEventHub();
  const session = createSession();
  let live: LiveChannel | null = null;
  let demo: DemoInfo | null | undefined;
  let vault = options.vault;

  const closeLive = () => {
    live?.close();
    live = null;
  };

  const client = createServerClient({
    baseUrl: options.serverUrl,
    session,
    fetch: options.fetch,
    liveTuning: options.liveTuning,
    onSessionExpired: () => {
      presence.stop();
      closeLive();
      hub.emit('session.expired');
    },
    onUpgradeRequired: () => hub.emit('sync.upgradeRequired'),
  });
  const pullAhead = createPullAhead((request) => client.pull(request));

  // One presence record per seat (the browser host runs a seat per tab); the server keys it by agent
  // and this id, so two seats of one agent do not overwrite each other.
  const presenceClientId = randomUUID();
  const presence = createPresenceReporter({
    post: (state) => client.reportPresence({ clientId: presenceClientId, ...state }),
  });
  /** Tells the others this seat has left its case before the session goes (at most a second). */
  const leavePresence = () => atMost(presence.leave(), 1_000);

  function openVault({ renew = false } = {}): Promise<Vault> {
    if (!vault) {
      const opening = createVault(options.keyStore);
      // A failed open (keychain locked, say) must not stick: the next pull tries again.
      opening.catch(() => {
        if (vault === opening) vault = undefined;
      });
      vault = opening;
    }
    return vault
      .then(async (opened) => {
        // After a wipe, sealing new data (a pull) needs new keys; revealing never gets them.
        if (renew && opened.wiped) await opened.reinitialise();
        return opened;
      })
      .catch((err: unknown) => {
        if (err instanceof KeyStoreError) throw new ApiCallError('vault_unavailable', err.message);
        throw err;
      });
  }

  const limiters = options.limiters ?? processWideLimiters();

  function requireSession(): void {
    if (!session.isLoggedIn()) throw new ApiCallError('not_logged_in', 'Nobody is signed in.');
  }

  const handlers: ApiHandlers = {
    app: {
      async info() {
        // Only a definite answer is remembered: a server still starting up may answer later.
        const answer = demo === undefined ? await client.demo() : demo;
        if (answer !== null) demo = answer;
        return {
          version: options.version,
          demoMode: answer !== null,
          demoAccounts: answer?.accounts ?? [],
          host: options.host,
          serverUrl: options.serverUrl,
        };
      },
    },
    session: {
      async login(input) {
        pullAhead.forget();
        if (session.isLoggedIn()) {
          await leavePresence();
          closeLive();
          await client.logout();
        }
        const agent = await client.login(input);
        live = client.openLiveChannel(
          () => hub.emit('sync.poke'),
          (state) => {
            // The server may have expired this seat's presence while the channel was down.
            if (state === 'online') void presence.resend();
            hub.emit(state === 'online' ? 'sync.online' : 'sync.offline');
          },
          () => hub.emit('presence.changed'),
        );
        return { agent };
      },
      async logout() {
        pullAhead.forget();
        await leavePresence();
        closeLive();
        await client.logout();
        return { ok: true as const };
      },
      async current() {
        return session.agent ? { agent: session.agent } : null;
      },
    },
    sync: {
      async pull(input) {
        requireSession();
        const sealer = await openVault({ renew: true });
        const response = await pullAhead.pull(
          { clientId: input.clientId, cookie: input.cookie, limit: input.limit },
          input.nextLimit,
        );
        try {
          return { ...response, patch: sealer.sealPatch(response.patch) };
        } catch (err) {
          throw vaultFailure(err); // wiped while the pull was on the wire
        }
      },
      async push(input) {
        requireSession();
        // Outbox entries hold free text sealed (privacy.sealText): opened here, never in the renderer.
        const hasSealed = input.mutations.some((m) => m.args.sealedText !== undefined);
        const vault = hasSealed ? await openVault() : NOTHING_SEALED;
        // A chunk fetched ahead before or during the push may not hold its effects: dropped both times.
        pullAhead.forget();
        try {
          return await client.push(openSealedMutations(vault, input));
        } finally {
          pullAhead.forget();
        }
      },
    },
    privacy: createPrivacyHandlers({
      agent: () => (session.isLoggedIn() ? session.agent : null),
      vault: () => openVault(),
      destroyKeyStore: () => options.keyStore.destroy(),
      async afterWipe() {
        presence.stop();
        closeLive();
        await Promise.race([client.logout(), new Promise((resolve) => setTimeout(resolve, 3_000).unref())]);
        hub.emit('privacy.wiped');
      },
      revealLimiter: limiters.reveal,
      phoneLookupLimiter: limiters.phoneLookup,
      now: options.now,
    }),
    presence: createPresenceHandlers({ client, reporter: presence, requireSession }),
    settings: createSettingsHandlers({
      settings: options.settings ?? createSettingsStore(),
      agent: () => (session.isLoggedIn() ? session.agent : null),
    }),
  };

  return {
    handlers,
    events: hub,
    async dispose() {
      await leavePresence();
      closeLive();
      hub.clear();
      // Revoking the refresh token is a courtesy: a silent server must not hold up a quit or a sweep.
      await Promise.race([client.logout(), new Promise((resolve) => setTimeout(resolve, 3_000).unref())]);
    },
  };
}
