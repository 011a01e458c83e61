import { rejection } from '../../test/fixtures.ts';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { buildApi } from '@shared/api/contract.ts';
import type { ApiEvent } from '@shared/api/contract.ts';
import { ApiCallError } from '@shared/api/errors.ts';
import type { Agent } from '@shared/domain/index.ts';
import { RevealAudit, REVEAL_TTL_MS } from '@shared/privacy/reveal.ts';
import type { SealedCustomer } from '@shared/privacy/sealed.ts';
import { createApiDispatcher } from '../dispatchApiCall.ts';
import type { KeyStore } from '../keyStore/keyStore.ts';
import { KeyStoreError } from '../keyStore/keyStore.ts';
import { createSoftwareKeyStore } from '../keyStore/softwareKeyStore.ts';
import type { MainServices } from '../mainServices.ts';
import { createTestMainServices } from '../../test/testMainServices.ts';
import { createSettingsStore } from '../settings/settingsStore.ts';
import { createVault } from '../vault/vault.ts';
import { createFakeSyncServer } from '../../test/fakeSyncServer.ts';
import { agentLi, customer } from '../../test/fixtures.ts';
import { createPrivacyHandlers } from './privacyHandlers.ts';
import { createSlidingWindowLimiter, PHONE_LOOKUP_LIMIT, REVEAL_LIMIT } from './slidingWindowLimiter.ts';

const CLIENT_ID = '1f2e3d4c-5b6a-4798-8877-665544332211';
const OTHER_CUSTOMER = '0f9e8d7c-6b5a-4938-8271-6f5e4d3c2b1a';
const T0 = 1_750_000_000_000;

let dirs: string[] = [];
afterEach(async () => {
  await Promise.all(dirs.map((d) => rm(d, { recursive: true, force: true })));
  dirs = [];
});

function setup(options: { keyStore?: KeyStore } = {}) {
  const server = createFakeSyncServer();
  server.setPatch([{ op: 'clear' }, { op: 'put', entity: 'customer', value: customer }]);
  const clock = { now: T0 };
  const keyStore = options.keyStore ?? createSoftwareKeyStore({ memory: true });
  const main = createTestMainServices(server.fetch, {
    keyStore,
    limiters: {
      reveal: createSlidingWindowLimiter(REVEAL_LIMIT),
      phoneLookup: createSlidingWindowLimiter(PHONE_LOOKUP_LIMIT),
    },
    now: () => clock.now,
  });
  const seen: ApiEvent[] = [];
  main.events.on('privacy.wiped', () => seen.push('privacy.wiped'));
  const h = main.handlers;
  return {
    main,
    h,
    clock,
    seen,
    keyStore,
    login: (username = 'li.na') =>
      h.session.login({ username, password: username === 'li.na' ? 'demo-pass-1' : 'demo-pass-2' }),
    async pullCustomer(): Promise<SealedCustomer> {
      const response = await h.sync.pull({ clientId: CLIENT_ID, cookie: null });
      const op = response.patch.find((o) => o.op === 'put' && o.entity === 'customer');
      if (!op || op.op !== 'put' || op.entity !== 'customer') throw new Error('no customer in the pull');
      return op.value;
    },
  };
}

const ask = (
  sealed: string,
  more: Partial<Parameters<MainServices['handlers']['privacy']['reveal']>[0]> = {},
) => ({
  customerId: customer.id,
  field: 'phone' as const,
  sealed,
  reason: 'callback' as const,
  ...more,
});

describe('privacy.reveal', () => {
  it('opens the value for a signed-in agent and returns the audit record of it', async () => {
    const { h, login, pullCustomer } = setup();
    await login();
    const sealed = await pullCustomer();
    const result = await h.privacy.reveal(ask(sealed.pii.phone.sealed));
    expect(result.value).toBe('13812345678');
    expect(result.expiresAt).toBe(T0 + REVEAL_TTL_MS);
    expect(RevealAudit.parse(result.audit)).toEqual({
      id: result.audit.id,
      agentId: agentLi.id,
      customerId: customer.id,
      field: 'phone',
      reason: 'callback',
      reasonText: null,
      at: T0,
    });
    const health = await h.privacy.reveal(
      ask(sealed.pii.healthNotes!.sealed, { field: 'healthNotes', reason: 'other', reasonText: '质检回访' }),
    );
    expect(health.value).toBe(customer.healthNotes);
    expect(health.audit.reasonText).toBe('质检回访');
    expect(health.audit.id).not.toBe(result.audit.id);
  });

  it('masks personal data an agent typed into the reason before it is audited', async () => {
    const { h, login, pullCustomer } = setup();
    await login();
    const sealed = await pullCustomer();
    const { audit } = await h.privacy.reveal(
      ask(sealed.pii.phone.sealed, { reason: 'other', reasonText: '客户改用 13912345678 联系' }),
    );
    expect(audit.reasonText).not.toContain('13912345678');
    expect(audit.reasonText).toContain('139****5678');
  });

  it('needs a signed-in agent', async () => {
    const { h, login, pullCustomer } = setup();
    await login();
    const sealed = await pullCustomer();
    await h.session.logout({});
    expect((await rejection(h.privacy.reveal(ask(sealed.pii.phone.sealed)))).code).toBe('not_logged_in');
  });

  it('binds the value to its customer and field: another id or field cannot reveal it', async () => {
    const { h, login, pullCustomer } = setup();
    await login();
    const sealed = await pullCustomer();
    const elsewhere = await rejection(
      h.privacy.reveal(ask(sealed.pii.phone.sealed, { customerId: OTHER_CUSTOMER })),
    );
    expect(elsewhere.code).toBe('vault_tampered');
    const otherField = await rejection(h.privacy.reveal(ask(sealed.pii.phone.sealed, { field: 'name' })));
    expect(otherField.code).toBe('vault_tampered');
  });

  it('reports broken envelopes with their own codes', async () => {
    const { h, login, pullCustomer } = setup();
    await login();
    const { pii } = await pullCustomer();
    expect((await rejection(h.privacy.reveal(ask(pii.phone.sealed.slice(0, -3))))).code).toBe(
      'vault_truncated',
    );
    expect((await rejection(h.privacy.reveal(ask(pii.phone.sealed.replace(/^v2/, 'v7'))))).code).toBe(
      'vault_unsupported_version',
    );
    const foreign = (await createVault(createSoftwareKeyStore({ memory: true }))).seal(
      customer.id,
      'phone',
      'x',
    );
    expect((await rejection(h.privacy.reveal(ask(foreign)))).code).toBe('vault_wrong_key');
  });

  it('"other" needs words; unknown reasons and fields are refused at the boundary', async () => {
    const { main, h, login, pullCustomer } = setup();
    await login();
    const { pii } = await pullCustomer();
    const bare = await rejection(h.privacy.reveal(ask(pii.phone.sealed, { reason: 'other' })));
    expect(bare.code).toBe('reveal_reason_required');
    const blank = await rejection(
      h.privacy.reveal(ask(pii.phone.sealed, { reason: 'other', reasonText: '  ' })),
    );
    expect(blank.code).toBe('reveal_reason_required');

    const dispatch = createApiDispatcher(main.handlers);
    const api = buildApi(dispatch, () => () => undefined);
    const invalid = async (input: unknown) =>
      ApiCallError.from(await dispatch('privacy.reveal', input).catch((e: unknown) => e)).code;
    expect(await invalid({ ...ask(pii.phone.sealed), reason: 'curious' })).toBe('invalid_input');
    expect(await invalid({ ...ask(pii.phone.sealed), field: 'loyaltyTier' })).toBe('invalid_input');
    expect((await api.privacy.reveal(ask(pii.phone.sealed))).value).toBe('13812345678');
  });

  it('allows 20 reveals per agent in any 10 minutes, then says when to retry (sliding window)', async () => {
    const { h, login, pullCustomer, clock } = setup();
    await login();
    const { pii } = await pullCustomer();
    for (let i = 0; i < 20; i++) {
      clock.now = T0 + i * 1_000;
      await h.privacy.reveal(ask(pii.phone.sealed));
    }
    clock.now = T0 + 60_000;
    const limited = await rejection(h.privacy.reveal(ask(pii.phone.sealed)));
    expect(limited.code).toBe('reveal_rate_limited');
    expect(limited.details).toEqual({ retryAt: T0 + 10 * 60_000 });
    // The oldest use leaves the window: exactly one more is allowed, not a whole new batch.
    clock.now = T0 + 10 * 60_000 + 1;
    await expect(h.privacy.reveal(ask(pii.phone.sealed))).resolves.toMatchObject({ value: '13812345678' });
    expect((await rejection(h.privacy.reveal(ask(pii.phone.sealed)))).code).toBe('reveal_rate_limited');
  });

  it('the limit follows the agent across seats of the same process (browser-host tabs)', async () => {
    const shared = {
      reveal: createSlidingWindowLimiter({ limit: 1, windowMs: 60_000 }),
      phoneLookup: createSlidingWindowLimiter(PHONE_LOOKUP_LIMIT),
    };
    const agent = () => agentLi;
    const vault = createVault(createSoftwareKeyStore({ memory: true }));
    const seat = () =>
      createPrivacyHandlers({
        agent,
        vault: () => vault,
        destroyKeyStore: async () => undefined,
        afterWipe: async () => undefined,
        revealLimiter: shared.reveal,
        phoneLookupLimiter: shared.phoneLookup,
        now: () => T0,
      });
    const sealed = (await vault).seal(customer.id, 'phone', '13812345678');
    await seat().reveal(ask(sealed));
    expect((await rejection(seat().reveal(ask(sealed)))).code).toBe('reveal_rate_limited');
  });

  it('is role-gated by revealPolicy: a qa or admin seat never reveals, and uses no quota trying', async () => {
    const vault = createVault(createSoftwareKeyStore({ memory: true }));
    const sealed = (await vault).seal(customer.id, 'phone', '13812345678');
    const reveal = createSlidingWindowLimiter({ limit: 1, windowMs: 60_000 });
    let agent: Agent = { ...agentLi, role: 'qa' as Agent['role'] };
    const handlers = createPrivacyHandlers({
      agent: () => agent,
      vault: () => vault,
      destroyKeyStore: async () => undefined,
      afterWipe: async () => undefined,
      revealLimiter: reveal,
      phoneLookupLimiter: createSlidingWindowLimiter(PHONE_LOOKUP_LIMIT),
      now: () => T0,
    });
    expect((await rejection(handlers.reveal(ask(sealed)))).code).toBe('reveal_forbidden');
    agent = { ...agentLi, role: 'admin' };
    expect((await rejection(handlers.reveal(ask(sealed)))).code).toBe('reveal_forbidden');
    agent = { ...agentLi, role: 'lead' };
    expect((await handlers.reveal(ask(sealed))).value).toBe('13812345678');
  });
});

describe('privacy.phoneIndex', () => {
  it('gives the index the sealed customer carries, whatever way the number is written', async () => {
    const { h, login, pullCustomer } = setup();
    await login();
    const sealed = await pullCustomer();
    expect(sealed.phoneIndex).toBeDefined();
    expect(await h.privacy.phoneIndex({ phone: '+86 138-1234-5678' })).toEqual({
      phoneIndex: sealed.phoneIndex,
    });
    expect(await h.privacy.phoneIndex({ phone: 'withheld' })).toEqual({ phoneIndex: null });
  });

  it('needs a signed-in agent and is rate-limited (a lookup is an oracle for masked numbers)', async () => {
    const { h, login } = setup();
    expect((await rejection(h.privacy.phoneIndex({ phone: '13812345678' }))).code).toBe('not_logged_in');
    await login();
    for (let i = 0; i < PHONE_LOOKUP_LIMIT.limit; i++)
      await h.privacy.phoneIndex({ phone: `1381234${5000 + i}` });
    const limited = await rejection(h.privacy.phoneIndex({ phone: '13812345678' }));
    expect(limited.code).toBe('phone_lookup_rate_limited');
    expect(limited.details).toEqual({ retryAt: T0 + PHONE_LOOKUP_LIMIT.windowMs });
  });
});

describe('privacy.wipeDevice', () => {
  it('destroys the keys first: a value sealed before can never be revealed again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'caredesk-wipe-'));
    dirs.push(dir);
    const filePath = join(dir, 'keyring');
    const { h, login, pullCustomer, seen } = setup({ keyStore: createSoftwareKeyStore({ filePath }) });
    await login();
    const before = await pullCustomer();

    expect(await h.privacy.wipeDevice({})).toEqual({ wipedAt: T0 });
    expect(seen).toEqual(['privacy.wiped']);
    // The seat ends with the wipe: nothing re-syncs into a cache being deleted.
    expect(await h.session.current({})).toBeNull();

    await login();
    expect((await rejection(h.privacy.reveal(ask(before.pii.phone.sealed)))).code).toBe('vault_wiped');

    // The next pull seals under brand-new keys, which work; the old envelope still does not open.
    const after = await pullCustomer();
    expect(after.pii.phone.sealed.split('.')[1]).not.toBe(before.pii.phone.sealed.split('.')[1]);
    expect(after.phoneIndex).not.toBe(before.phoneIndex);
    expect((await h.privacy.reveal(ask(after.pii.phone.sealed))).value).toBe('13812345678');
    expect((await rejection(h.privacy.reveal(ask(before.pii.phone.sealed)))).code).toBe('vault_wiped');

    // A new vault over the same key store path (the next launch) cannot open the old envelope either.
    const relaunched = await createVault(createSoftwareKeyStore({ filePath }));
    expect(() => relaunched.open(customer.id, 'phone', before.pii.phone.sealed)).toThrow(
      expect.objectContaining({ code: 'vault_wrong_key' }),
    );
  });

  it('needs no session, and still destroys the key store when the vault cannot be opened', async () => {
    let destroyed = false;
    const broken: KeyStore = {
      load: async () => {
        throw new KeyStoreError('keystore_unavailable', 'keychain locked');
      },
      save: async () => undefined,
      destroy: async () => {
        destroyed = true;
      },
    };
    const { h, seen } = setup({ keyStore: broken });
    expect(await h.privacy.wipeDevice({})).toEqual({ wipedAt: T0 });
    expect(destroyed).toBe(true);
    expect(seen).toEqual(['privacy.wiped']);
  });
});

describe('settings', () => {
  it('content protection is on by default; an agent may not turn it off, a lead may', async () => {
    const { h, login } = setup();
    expect(await h.settings.get({})).toEqual({ contentProtection: true });
    expect((await rejection(h.settings.set({ contentProtection: false }))).code).toBe('not_logged_in');
    await login('li.na');
    expect((await rejection(h.settings.set({ contentProtection: false }))).code).toBe('settings_forbidden');
    expect(await h.settings.set({ contentProtection: true })).toEqual({ contentProtection: true });
    await h.session.logout({});
    await login('wang.lei');
    expect(await h.settings.set({ contentProtection: false })).toEqual({ contentProtection: false });
    expect(await h.settings.get({})).toEqual({ contentProtection: false });
  });

  it('never exposes or accepts the key store override', async () => {
    const server = createFakeSyncServer();
    const settings = createSettingsStore({ initial: { allowBasicTextKeyStore: true } });
    const main = createTestMainServices(server.fetch, { settings });
    expect(await main.handlers.settings.get({})).toEqual({ contentProtection: true });
    const dispatch = createApiDispatcher(main.handlers);
    const err = await dispatch('settings.set', { allowBasicTextKeyStore: false }).catch((e: unknown) => e);
    expect(ApiCallError.from(err).code).toBe('invalid_input');
    expect(settings.get().allowBasicTextKeyStore).toBe(true);
  });
});
