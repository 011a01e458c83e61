import { API_EVENTS, API_METHODS } from '../api/contract.ts';

const method = (channel: string) => {
  const ref = API_METHODS.find((m) => m.channel === channel);
  if (!ref) throw new Error(`no ${channel}`);
  return ref;
};

describe('the privacy part of the contract', () => {
  it('has its methods, each on its own channel, and the data-free wipe event', () => {
    for (const channel of [
      'privacy.reveal',
      'privacy.revealSpan',
      'privacy.sealText',
      'privacy.rebindText',
      'privacy.openDraft',
      'privacy.phoneIndex',
      'privacy.wipeDevice',
      'settings.get',
      'settings.set',
    ]) {
      expect(method(channel).namespace).toBe(channel.split('.')[0]);
    }
    expect(API_EVENTS).toContain('privacy.wiped');
  });

  it('settings.set takes only what the renderer may change', () => {
    const input = method('settings.set').input;
    expect(input.safeParse({ contentProtection: false }).success).toBe(true);
    expect(input.safeParse({}).success).toBe(true);
    expect(input.safeParse({ allowBasicTextKeyStore: true }).success).toBe(false);
  });

  it('wipeDevice and phoneIndex refuse unexpected input', () => {
    expect(method('privacy.wipeDevice').input.safeParse({ all: true }).success).toBe(false);
    expect(method('privacy.phoneIndex').input.safeParse({ phone: '' }).success).toBe(false);
    expect(method('privacy.phoneIndex').input.safeParse({ phone: '1'.repeat(65) }).success).toBe(false);
  });

  it('sealText takes only free-text field names and bounded text; openDraft only a ticket id and envelope', () => {
    const id = '0f9e8d7c-6b5a-4938-8271-6f5e4d3c2b1a';
    const seal = method('privacy.sealText').input;
    expect(seal.safeParse({ recordId: id, field: 'body', text: '请回电13812345678' }).success).toBe(true);
    expect(seal.safeParse({ recordId: id, field: 'phone', text: 'x' }).success).toBe(false);
    expect(seal.safeParse({ recordId: id, field: 'body', text: 'x'.repeat(10_001) }).success).toBe(false);
    expect(
      method('privacy.openDraft').input.safeParse({ ticketId: id, sealed: 'v2.k.p', field: 'body' }).success,
    ).toBe(false);
  });

  it('sync.push keeps the sealed text of outbox entries for the main process to open', () => {
    const input = method('sync.push').input;
    const args = {
      ticketId: 't',
      eventId: 'e',
      body: '138****5678',
      sealedText: { body: { spans: [], sealed: 'v2.k.p' } },
    };
    const parsed = input.parse({
      clientId: '1f2e3d4c-5b6a-4798-8877-665544332211',
      mutations: [{ id: 1, name: 'replyToTicket', args, clientTime: 1 }],
    }) as { mutations: { args: unknown }[] };
    expect(parsed.mutations[0]!.args).toEqual(args);
  });

  it('a reveal result must carry its audit record', () => {
    const output = method('privacy.reveal').output;
    expect(output.safeParse({ value: 'x', expiresAt: 1 }).success).toBe(false);
  });
});
