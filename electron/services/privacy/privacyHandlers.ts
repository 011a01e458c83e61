import { randomUUID } from 'node:crypto';
import type { ApiHandlers } from '@shared/api/contract.ts';
import { ApiCallError } from '@shared/api/errors.ts';
import type { Agent } from '@shared/domain/index.ts';
import { redactPii } from '@shared/privacy/pii/redactPii.ts';
import type { RevealAudit } from '@shared/privacy/reveal.ts';
import { REVEAL_TTL_MS } from '@shared/privacy/reveal.ts';
import { revealPolicy } from '@shared/privacy/revealPolicy.ts';
import { VaultError } from '../vault/envelope.ts';
import type { Vault } from '../vault/vault.ts';
import type { RateLimiter } from './slidingWindowLimiter.ts';

export interface PrivacyHandlersOptions {
  /** The signed-in agent, or null. */
  agent(): Agent | null;
  /** The vault as it is (wiped or not); rejects with an ApiCallError when it cannot be opened. */
  vault(): Promise<Vault>;
  /** Destroys the key store directly: used when the vault itself could not be opened. */
  destroyKeyStore(): Promise<void>;
  /** Ends the seat after a wipe (live channel, session) and tells the renderer. */
  afterWipe(): Promise<void>;
  revealLimiter: RateLimiter;
  phoneLookupLimiter: RateLimiter;
  now?: () => number;
  newId?: () => string;
}

/** A VaultError as the contract error the renderer reads (same code; messages carry no personal data). */
export function vaultFailure(err: unknown): unknown {
  return err instanceof VaultError ? new ApiCallError(err.code, err.message) : err;
}

function signedIn(agent: Agent | null): Agent {
  if (!agent) throw new ApiCallError('not_logged_in', 'Nobody is signed in.');
  return agent;
}

/**
 * `privacy.*`: revealing one full value (policy, rate limit, audit record), the phone blind index,
 * and wiping the device. Stateless apart from the rate limiters: the audit record goes back to the
 * renderer, which queues it for the server with the agent's other mutations.
 */
export function createPrivacyHandlers(options: PrivacyHandlersOptions): ApiHandlers['privacy'] {
  const now = options.now ?? Date.now;
  const newId = options.newId ?? randomUUID;

  return {
    async reveal(input) {
      const agent = signedIn(options.agent());
      const decision = revealPolicy(agent.role, input);
      if (!decision.allowed) {
        throw new ApiCallError(
          decision.code,
          decision.code === 'reveal_forbidden'
            ? `The ${agent.role} role may not reveal personal data.`
            : 'Revealing for "other" reasons needs the reason in words.',
        );
      }
      const at = now();
      // Counted before opening: a failed open is still an attempt (and envelopes are not to be probed).
      const verdict = options.revealLimiter.take(agent.id, at);
      if (!verdict.ok) {
        throw new ApiCallError('reveal_rate_limited', 'Too many reveals in a short time.', {
          retryAt: verdict.retryAt,
        });
      }
      const vault = await options.vault();
      let value: string;
      try {
        value = vault.open(input.customerId, input.field, input.sealed);
      } catch (err) {
        throw vaultFailure(err);
      }
      const reasonText = input.reasonText?.trim() ? redactPii(input.reasonText.trim()) : null;
      const audit: RevealAudit = {
        id: newId(),
        agentId: agent.id,
        customerId: input.customerId,
        field: input.field,
        reason: input.reason,
        reasonText,
        at,
      };
      return { value, expiresAt: at + REVEAL_TTL_MS, audit };
    },

    async phoneIndex(input) {
      const agent = signedIn(options.agent());
      const verdict = options.phoneLookupLimiter.take(agent.id, now());
      if (!verdict.ok) {
        throw new ApiCallError('phone_lookup_rate_limited', 'Too many phone lookups in a short time.', {
          retryAt: verdict.retryAt,
        });
      }
      const vault = await options.vault();
      try {
        return { phoneIndex: vault.phoneIndex(input.phone) };
      } catch (err) {
        throw vaultFailure(err);
      }
    },

    async wipeDevice() {
      // Keys first: once this resolves nothing sealed before can be opened, even if the renderer is
      // closed before it has deleted its databases.
      let vault: Vault | null = null;
      try {
        vault = await options.vault();
      } catch {
        // The vault could not be opened (keychain locked, say): destroy what the key store holds anyway.
      }
      if (vault) await vault.destroy();
      else await options.destroyKeyStore();
      await options.afterWipe();
      return { wipedAt: now() };
    },
  };
}
