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

  it('a reveal result must carry its audit record', () => {
    const output = method('privacy.reveal').output;
    expect(output.safeParse({ value: 'x', expiresAt: 1 }).success).toBe(false);
  });
});
