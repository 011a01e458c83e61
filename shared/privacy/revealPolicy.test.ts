import { mayChangeDeviceSettings } from './deviceSettings.ts';
import { RevealRequest } from './reveal.ts';
import { mayReveal, revealPolicy } from './revealPolicy.ts';

describe('reveal policy', () => {
  it('lets agents and leads reveal with a listed reason', () => {
    for (const role of ['agent', 'lead']) {
      expect(revealPolicy(role, { reason: 'callback' })).toEqual({ allowed: true });
      expect(mayReveal(role)).toBe(true);
    }
  });

  it('never lets other roles reveal, including ones that do not exist yet', () => {
    for (const role of ['qa', 'admin', 'auditor', '']) {
      expect(revealPolicy(role, { reason: 'verification' })).toEqual({
        allowed: false,
        code: 'reveal_forbidden',
      });
      expect(mayReveal(role)).toBe(false);
    }
  });

  it('needs words for reason "other"', () => {
    expect(revealPolicy('agent', { reason: 'other' })).toEqual({
      allowed: false,
      code: 'reveal_reason_required',
    });
    expect(revealPolicy('agent', { reason: 'other', reasonText: '   ' }).allowed).toBe(false);
    expect(revealPolicy('agent', { reason: 'other', reasonText: '客户要求核对收件人' }).allowed).toBe(true);
  });

  it('the request schema accepts only known fields and reasons', () => {
    const base = {
      customerId: '9e8d7c6b-5a49-4382-9171-605f4e3d2c1b',
      field: 'phone',
      sealed: 'v2.abc.def',
      reason: 'callback',
    };
    expect(RevealRequest.safeParse(base).success).toBe(true);
    expect(RevealRequest.safeParse({ ...base, field: 'loyaltyTier' }).success).toBe(false);
    expect(RevealRequest.safeParse({ ...base, reason: 'curiosity' }).success).toBe(false);
    expect(RevealRequest.safeParse({ ...base, customerId: 'x' }).success).toBe(false);
    expect(RevealRequest.safeParse({ ...base, reasonText: 'x'.repeat(201) }).success).toBe(false);
  });
});

describe('device settings policy', () => {
  it('lets anyone turn content protection on, only leads and admins off', () => {
    expect(mayChangeDeviceSettings('agent', { contentProtection: true })).toBe(true);
    expect(mayChangeDeviceSettings('agent', { contentProtection: false })).toBe(false);
    expect(mayChangeDeviceSettings('qa', { contentProtection: false })).toBe(false);
    expect(mayChangeDeviceSettings('lead', { contentProtection: false })).toBe(true);
    expect(mayChangeDeviceSettings('admin', { contentProtection: false })).toBe(true);
  });
});
