import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { ApiHandlers } from '@shared/api/contract.ts';
import type { Agent, Customer } from '@shared/domain/index.ts';
import type { RevealResult } from '@shared/privacy/reveal.ts';
import { REVEAL_REASONS } from '@shared/privacy/reveal.ts';
import { PRIVACY_FIELDS, type PrivacyField, type SealedCustomer } from '@shared/privacy/sealed.ts';
import { createApiDispatcher } from '../../electron/services/dispatchApiCall.ts';
import { createSoftwareKeyStore } from '../../electron/services/keyStore/softwareKeyStore.ts';
import { createPrivacyHandlers } from '../../electron/services/privacy/privacyHandlers.ts';
import { createSlidingWindowLimiter } from '../../electron/services/privacy/slidingWindowLimiter.ts';
import { createVault } from '../../electron/services/vault/vault.ts';
import { round, summarize } from '../harness/stats.ts';
import type { Scenario } from '../harness/types.ts';

const AGENT: Agent = {
  id: '3b0c2a4e-8d0f-4b8e-9a43-2a6f0c1d9e01',
  username: 'agent1',
  displayName: '李娜',
  role: 'agent',
  teamId: '7d1f1c3e-2b9a-4c55-9a51-0e5b7f7b2a10',
  state: 'available',
  stateSince: 0,
};

const digits = (n: number, i: number) =>
  String(i * 7919 + 1_000_003)
    .padStart(n, '0')
    .slice(-n);

/** Customers with every privacy field filled, values of realistic lengths, distinct per row. */
function customers(n: number): Customer[] {
  return Array.from({ length: n }, (_, i) => ({
    id: crypto.randomUUID(),
    name: `欧阳${'婉清明'[i % 3]}${i}`,
    phone: `13${(i % 7) + 2}${digits(8, i)}`,
    email: `customer.${i}@example.com`,
    address: `广东省深圳市南山区科技园南路${(i % 2999) + 1}号${(i % 30) + 1}栋${(i % 20) + 1}01室`,
    idNumber: `44030119900101${digits(4, i)}`,
    healthNotes: `对含酒精成分过敏，第${i}次购买后出现皮疹和轻微红肿，已建议停用并就医。`,
    loyaltyTier: 'gold',
    flags: [],
    createdAt: 1_700_000_000_000,
    updatedAt: 1_700_000_000_000,
  }));
}

/**
 * Reveals of one privacy value each, through the real main-process path as the IPC and browser-host
 * transports call it: the contract dispatcher (input schema), the reveal handler (policy, rate limit,
 * vault open of a v2 envelope, reason text redaction, audit record). One reveal in four gives an
 * `other` reason with a phone number in its text, which the handler masks. The rate limiter is the
 * real sliding window with room for the run (the product's 20 per 10 minutes would refuse the rest).
 * Baseline: a bare AES-256-GCM decrypt (node:crypto, no envelope parsing, AAD or padding) of each
 * same value.
 */
export const privacyReveal: Scenario = {
  name: 'privacy-reveal',
  description: 'main process: privacy.reveal (dispatch, policy, vault open, audit) vs bare AES-GCM decrypt',
  browser: false,
  async run(ctx, report) {
    const runs = ctx.quick ? 500 : 2_000;
    const warmup = 50;
    const vault = await createVault(createSoftwareKeyStore({ memory: true }));
    const people = customers(Math.min(500, runs));
    const sealed: SealedCustomer[] = people.map((c) => vault.sealCustomer(c));
    const privacy = createPrivacyHandlers({
      agent: () => AGENT,
      vault: async () => vault,
      destroyKeyStore: async () => undefined,
      afterWipe: async () => undefined,
      revealLimiter: createSlidingWindowLimiter({ limit: runs + warmup, windowMs: 10 * 60_000 }),
      phoneLookupLimiter: createSlidingWindowLimiter({ limit: 1, windowMs: 1 }),
    });
    const dispatch = createApiDispatcher({ privacy } as unknown as ApiHandlers);

    const key = randomBytes(32);
    const bare = people.map((c) =>
      PRIVACY_FIELDS.map((field) => {
        const iv = randomBytes(12);
        const cipher = createCipheriv('aes-256-gcm', key, iv);
        const ciphertext = Buffer.concat([cipher.update(c[field] ?? '', 'utf8'), cipher.final()]);
        return { iv, ciphertext, tag: cipher.getAuthTag() };
      }),
    );

    const product: number[] = [];
    const baseline: number[] = [];
    let wrong = 0;
    for (let i = 0; i < warmup + runs; i++) {
      const who = i % people.length;
      const fieldAt = i % PRIVACY_FIELDS.length;
      const field: PrivacyField = PRIVACY_FIELDS[fieldAt]!;
      const reason = REVEAL_REASONS[i % REVEAL_REASONS.length]!;
      const input = {
        customerId: people[who]!.id,
        field,
        sealed: sealed[who]!.pii[field]!.sealed,
        reason,
        ...(reason === 'other' ? { reasonText: `客户来电 13912345678 要求核对${field}` } : {}),
      };
      let started = performance.now();
      const result = (await dispatch('privacy.reveal', input)) as RevealResult;
      const ms = performance.now() - started;
      if (result.value !== people[who]![field] || result.audit.field !== field) wrong += 1;

      const b = bare[who]![fieldAt]!;
      started = performance.now();
      const decipher = createDecipheriv('aes-256-gcm', key, b.iv);
      decipher.setAuthTag(b.tag);
      Buffer.concat([decipher.update(b.ciphertext), decipher.final()]).toString('utf8');
      const baseMs = performance.now() - started;
      if (i >= warmup) {
        product.push(ms);
        baseline.push(baseMs);
      }
    }
    const p = summarize(product);
    const b = summarize(baseline);
    report.params = { runs, warmup, customers: people.length };
    const target = { on: 'value' as const, op: '<' as const, limit: 5 };
    report.metrics.push(
      {
        metric: 'reveal p50',
        unit: 'ms',
        value: round(p.p50),
        baseline: round(b.p50),
        baselineLabel: 'bare AES-256-GCM decrypt, p50',
        target,
      },
      {
        metric: 'reveal p95',
        unit: 'ms',
        value: round(p.p95),
        baseline: round(b.p95),
        baselineLabel: 'bare AES-256-GCM decrypt, p95',
        target,
      },
      { metric: 'reveal p99', unit: 'ms', value: round(p.p99), baseline: round(b.p99) },
    );
    report.notes.push(
      `not in these numbers: the transport (IPC, or the browser host's HTTP round trip) and the ` +
        `renderer queueing the audit as a revealAudit mutation before it shows the value`,
    );
    if (wrong) report.notes.push(`${wrong} reveals returned another value or field than was sealed`);
  },
};
