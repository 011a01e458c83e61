import { randomUUID } from 'node:crypto';
import type { ApiHandlers } from '@shared/api/contract.ts';
import { ApiCallError } from '@shared/api/errors.ts';
import type { Agent } from '@shared/domain/index.ts';
import { redactPii } from '@shared/privacy/pii/redactPii.ts';
import type { AuditFieldName, RevealAudit, RevealReason, RevealResult } from '@shared/privacy/reveal.ts';
import { AUDIT_FIELD_OF_KIND, DRAFT_TEXT_FIELD } from '@shared/privacy/sealedText.ts';
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
 * `privacy.*`: revealing one full value or one span of sealed free text (policy, rate limit, audit
 * record), sealing the agent's own text, the phone blind index, and wiping the device. Stateless apart from the rate limiters: the audit record goes back to the
 * renderer, which queues it for the server with the agent's other mutations.
 */
export function createPrivacyHandlers(options: PrivacyHandlersOptions): ApiHandlers['privacy'] {
  const now = options.now ?? Date.now;
  const newId = options.newId ?? randomUUID;

  /**
   * The rules every reveal passes before anything is opened: the role (revealPolicy), the reason, and
   * the per-agent rate limit. Returns the time of the reveal.
   */
  function allowReveal(
    agent: Agent,
    input: { reason: RevealReason; reasonText?: string | undefined },
  ): number {
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
    return at;
  }

  /** The value with its expiry and the audit record the renderer queues for the server. */
  function revealed(
    agent: Agent,
    input: { customerId: string; reason: RevealReason; reasonText?: string | undefined },
    field: AuditFieldName,
    value: string,
    at: number,
  ): RevealResult {
    const reasonText = input.reasonText?.trim() ? redactPii(input.reasonText.trim()) : null;
    const audit: RevealAudit = {
      id: newId(),
      agentId: agent.id,
      customerId: input.customerId,
      field,
      reason: input.reason,
      reasonText,
      at,
    };
    return { value, expiresAt: at + REVEAL_TTL_MS, audit };
  }

  return {
    async reveal(input) {
      const agent = signedIn(options.agent());
      const at = allowReveal(agent, input);
      const vault = await options.vault();
      let value: string;
      try {
        value = vault.open(input.customerId, input.field, input.sealed);
      } catch (err) {
        throw vaultFailure(err);
      }
      return revealed(agent, input, input.field, value, at);
    },

    async revealSpan(input) {
      const agent = signedIn(options.agent());
      const at = allowReveal(agent, input);
      const vault = await options.vault();
      let opened;
      try {
        opened = vault.openText(input.recordId, input.field, input.sealed);
      } catch (err) {
        throw vaultFailure(err);
      }
      const span = opened.spans[input.span];
      if (!span) {
        throw new ApiCallError(
          'vault_malformed',
          `The sealed ${input.field} text has no span ${input.span}.`,
        );
      }
      const value = opened.text.slice(span.start, span.end);
      return revealed(agent, input, AUDIT_FIELD_OF_KIND[span.kind], value, at);
    },

    async sealText(input) {
      signedIn(options.agent());
      const vault = await options.vault();
      try {
        return vault.sealText(input.recordId, input.field, input.text);
      } catch (err) {
        throw vaultFailure(err);
      }
    },

    async rebindText(input) {
      signedIn(options.agent());
      const vault = await options.vault();
      try {
        const { text } = vault.openText(input.fromRecordId, input.field, input.sealed);
        const sealed = vault.sealText(input.toRecordId, input.field, text);
        if (!sealed.ref) throw new ApiCallError('vault_malformed', 'The sealed text has nothing masked.');
        return sealed.ref;
      } catch (err) {
        throw vaultFailure(err);
      }
    },

    async openDraft(input) {
      signedIn(options.agent());
      const vault = await options.vault();
      try {
        // Bound to the draft field: an event body or a customer field never opens here (vault_tampered).
        return { text: vault.openText(input.ticketId, DRAFT_TEXT_FIELD, input.sealed).text };
      } catch (err) {
        throw vaultFailure(err);
      }
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
