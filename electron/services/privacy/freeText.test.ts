import { describe, expect, it } from 'vitest';
import { API_METHODS } from '@shared/api/contract.ts';
import type { Agent } from '@shared/domain/index.ts';
import { RevealAudit, REVEAL_TTL_MS } from '@shared/privacy/reveal.ts';
import type { SealedTicketEvent } from '@shared/privacy/sealedText.ts';
import { createSoftwareKeyStore } from '../keyStore/softwareKeyStore.ts';
import { createTestMainServices } from '../../test/testMainServices.ts';
import { createVault } from '../vault/vault.ts';
import { createFakeSyncServer } from '../../test/fakeSyncServer.ts';
import { agentLi, customer, rejection } from '../../test/fixtures.ts';
import { createPrivacyHandlers } from './privacyHandlers.ts';
import { createSlidingWindowLimiter, PHONE_LOOKUP_LIMIT, REVEAL_LIMIT } from './slidingWindowLimiter.ts';

const CLIENT_ID = '1f2e3d4c-5b6a-4798-8877-665544332211';
const TICKET_ID = '9e8d7c6b-5a49-4382-9171-605f4e3d2c1b';
const EVENT_ID = '0f9e8d7c-6b5a-4938-8271-6f5e4d3c2b1a';
const NEW_EVENT_ID = '2b3c4d5e-6f70-4182-9a3b-4c5d6e7f8091';
const T0 = 1_750_000_000_000;
const BODY = '请回电13812345678，退款到卡6222021234567890128，邮箱li.na@163.com';

function setup() {
  const server = createFakeSyncServer();
  server.setPatch([
    { op: 'clear' },
    { op: 'put', entity: 'customer', value: customer },
    {
      op: 'put',
      entity: 'event',
      value: {
        id: EVENT_ID,
        ticketId: TICKET_ID,
        kind: 'message',
        direction: 'inbound',
        channel: 'chat',
        body: BODY,
        authorType: 'customer',
        authorId: null,
        createdAt: T0,
      },
    },
  ]);
  const main = createTestMainServices(server.fetch, {
    limiters: {
      reveal: createSlidingWindowLimiter(REVEAL_LIMIT),
      phoneLookup: createSlidingWindowLimiter(PHONE_LOOKUP_LIMIT),
    },
    now: () => T0,
  });
  const h = main.handlers;
  return {
    server,
    h,
    login: () => h.session.login({ username: 'li.na', password: 'demo-pass-1' }),
    async pullEvent(): Promise<SealedTicketEvent> {
      const response = await h.sync.pull({ clientId: CLIENT_ID, cookie: null });
      const op = response.patch.find((o) => o.op === 'put' && o.entity === 'event');
      if (!op || op.op !== 'put' || op.entity !== 'event') throw new Error('no event in the pull');
      return op.value;
    },
  };
}

const spanAsk = (sealed: string, span: number, more: Record<string, unknown> = {}) => ({
  customerId: customer.id,
  recordId: EVENT_ID,
  field: 'body' as const,
  sealed,
  span,
  reason: 'callback' as const,
  ...more,
});

describe('pulled event bodies', () => {
  it('reach the renderer masked, with the spans and one envelope; no plaintext on the way', async () => {
    const { h, login } = setup();
    await login();
    const response = await h.sync.pull({ clientId: CLIENT_ID, cookie: null });
    const wire = JSON.stringify(response);
    for (const secret of ['13812345678', '6222021234567890128', 'li.na@163.com']) {
      expect(wire).not.toContain(secret);
    }
    const event = response.patch.find((o) => o.op === 'put' && o.entity === 'event');
    expect(event).toMatchObject({ value: { body: '请回电138****5678，退款到卡****0128，邮箱l***@163.com' } });
  });
});

describe('privacy.revealSpan', () => {
  it('returns only the asked span, audited in main under the span’s kind (bank cards as bankCard)', async () => {
    const { h, login, pullEvent } = setup();
    await login();
    const event = await pullEvent();
    const ref = event.sealedText!.body!;
    const mobile = await h.privacy.revealSpan(spanAsk(ref.sealed, 0));
    expect(mobile.value).toBe('13812345678');
    expect(mobile.expiresAt).toBe(T0 + REVEAL_TTL_MS);
    expect(RevealAudit.parse(mobile.audit)).toEqual({
      id: mobile.audit.id,
      agentId: agentLi.id,
      customerId: customer.id,
      field: 'phone',
      reason: 'callback',
      reasonText: null,
      at: T0,
    });
    const card = await h.privacy.revealSpan(
      spanAsk(ref.sealed, 1, { reason: 'other', reasonText: '客户13912345678要求核对退款卡' }),
    );
    expect(card.value).toBe('6222021234567890128');
    expect(card.audit).toMatchObject({ field: 'bankCard', reasonText: '客户139****5678要求核对退款卡' });
    expect((await h.privacy.revealSpan(spanAsk(ref.sealed, 2))).audit.field).toBe('email');
    expect((await rejection(h.privacy.revealSpan(spanAsk(ref.sealed, 3)))).code).toBe('vault_malformed');
  });

  it('refuses an envelope moved to another event or field (vault_tampered), and needs a reason in words for other', async () => {
    const { h, login, pullEvent } = setup();
    await login();
    const { sealed } = (await pullEvent()).sealedText!.body!;
    expect((await rejection(h.privacy.revealSpan(spanAsk(sealed, 0, { recordId: NEW_EVENT_ID })))).code).toBe(
      'vault_tampered',
    );
    expect((await rejection(h.privacy.revealSpan(spanAsk(sealed, 0, { field: 'summary' })))).code).toBe(
      'vault_tampered',
    );
    expect((await rejection(h.privacy.revealSpan(spanAsk(sealed, 0, { reason: 'other' })))).code).toBe(
      'reveal_reason_required',
    );
  });

  it('shares the reveal rate limit with privacy.reveal, and is role-gated (qa and admin refused, no quota used)', async () => {
    const vault = createVault(createSoftwareKeyStore({ memory: true }));
    const { sealed } = (await vault).sealText(EVENT_ID, 'body', BODY).ref!;
    const limiter = createSlidingWindowLimiter({ limit: 2, windowMs: 60_000 });
    let agent: Agent = { ...agentLi, role: 'qa' as Agent['role'] };
    const handlers = createPrivacyHandlers({
      agent: () => agent,
      vault: () => vault,
      destroyKeyStore: async () => undefined,
      afterWipe: async () => undefined,
      revealLimiter: limiter,
      phoneLookupLimiter: createSlidingWindowLimiter(PHONE_LOOKUP_LIMIT),
      now: () => T0,
    });
    expect((await rejection(handlers.revealSpan(spanAsk(sealed, 0)))).code).toBe('reveal_forbidden');
    agent = { ...agentLi, role: 'admin' };
    expect((await rejection(handlers.revealSpan(spanAsk(sealed, 0)))).code).toBe('reveal_forbidden');
    agent = { ...agentLi, role: 'agent' };
    const field = (await vault).seal(customer.id, 'phone', '13812345678');
    await handlers.reveal({ customerId: customer.id, field: 'phone', sealed: field, reason: 'callback' });
    expect((await handlers.revealSpan(spanAsk(sealed, 0))).value).toBe('13812345678');
    const limited = await rejection(handlers.revealSpan(spanAsk(sealed, 1)));
    expect(limited.code).toBe('reveal_rate_limited');
    expect(limited.details).toEqual({ retryAt: T0 + 60_000 });
  });

  it('needs a signed-in seat, and the contract refuses malformed input', async () => {
    const { h } = setup();
    expect((await rejection(h.privacy.revealSpan(spanAsk('v2.a.b', 0)))).code).toBe('not_logged_in');
    const input = API_METHODS.find((m) => m.channel === 'privacy.revealSpan')!.input;
    expect(input.safeParse(spanAsk('v2.a.b', 0)).success).toBe(true);
    expect(input.safeParse(spanAsk('v2.a.b', -1)).success).toBe(false);
    expect(input.safeParse({ ...spanAsk('v2.a.b', 0), field: 'name' }).success).toBe(false);
    expect(input.safeParse({ ...spanAsk('v2.a.b', 0), extra: 1 }).success).toBe(false);
  });
});

describe('privacy.sealText, rebindText and openDraft', () => {
  it('round-trips: sealed text reveals span by span, rebinding moves it to a new event id', async () => {
    const { h, login } = setup();
    await login();
    const sealed = await h.privacy.sealText({ recordId: EVENT_ID, field: 'body', text: BODY });
    expect(sealed.masked).toBe('请回电138****5678，退款到卡****0128，邮箱l***@163.com');
    expect(sealed.ref!.spans.map((s) => s.kind)).toEqual(['mobile', 'bank_card', 'email']);
    expect((await h.privacy.revealSpan(spanAsk(sealed.ref!.sealed, 2))).value).toBe('li.na@163.com');
    expect(await h.privacy.sealText({ recordId: EVENT_ID, field: 'body', text: '好的' })).toEqual({
      masked: '好的',
      ref: null,
    });
    const moved = await h.privacy.rebindText({
      fromRecordId: EVENT_ID,
      toRecordId: NEW_EVENT_ID,
      field: 'body',
      sealed: sealed.ref!.sealed,
    });
    expect(moved.spans).toEqual(sealed.ref!.spans);
    const again = await h.privacy.revealSpan(spanAsk(moved.sealed, 0, { recordId: NEW_EVENT_ID }));
    expect(again.value).toBe('13812345678');
  });

  it('opens drafts only: an event body never opens through openDraft', async () => {
    const { h, login, pullEvent } = setup();
    await login();
    const draft = await h.privacy.sealText({ recordId: TICKET_ID, field: 'draft', text: BODY });
    expect(await h.privacy.openDraft({ ticketId: TICKET_ID, sealed: draft.ref!.sealed })).toEqual({
      text: BODY,
    });
    const { sealed } = (await pullEvent()).sealedText!.body!;
    expect((await rejection(h.privacy.openDraft({ ticketId: EVENT_ID, sealed }))).code).toBe(
      'vault_tampered',
    );
    expect(
      (await rejection(h.privacy.openDraft({ ticketId: EVENT_ID, sealed: draft.ref!.sealed }))).code,
    ).toBe('vault_tampered');
  });

  it('need a signed-in seat', async () => {
    const { h } = setup();
    expect(
      (await rejection(h.privacy.sealText({ recordId: EVENT_ID, field: 'body', text: BODY }))).code,
    ).toBe('not_logged_in');
  });
});

describe('sync.push opens sealed outbox text', () => {
  it('sends the server the original text, never the envelope; a moved envelope fails the push', async () => {
    const { h, login, server } = setup();
    await login();
    const sealed = await h.privacy.sealText({ recordId: EVENT_ID, field: 'body', text: BODY });
    const mutation = {
      id: 1,
      name: 'replyToTicket' as const,
      args: {
        ticketId: TICKET_ID,
        eventId: EVENT_ID,
        body: sealed.masked,
        sealedText: { body: sealed.ref! },
      },
      clientTime: T0,
    };
    const answer = await h.sync.push({ clientId: CLIENT_ID, mutations: [mutation] });
    expect(answer.results).toEqual([{ id: 1, status: 'applied', reason: null }]);
    const sent = server.callsTo('/api/sync/push')[0]!.body as {
      mutations: { args: Record<string, unknown> }[];
    };
    expect(sent.mutations[0]!.args).toEqual({ ticketId: TICKET_ID, eventId: EVENT_ID, body: BODY });

    const moved = { ...mutation, id: 2, args: { ...mutation.args, eventId: NEW_EVENT_ID } };
    expect((await rejection(h.sync.push({ clientId: CLIENT_ID, mutations: [moved] }))).code).toBe(
      'vault_tampered',
    );
    const wrongField = {
      ...mutation,
      id: 2,
      name: 'setAgentState' as const,
      args: { state: 'busy', sealedText: { body: sealed.ref! } },
    };
    expect(
      (await rejection(h.sync.push({ clientId: CLIENT_ID, mutations: [wrongField as never] }))).code,
    ).toBe('invalid_input');
    expect(server.callsTo('/api/sync/push')).toHaveLength(1);
  });
});
