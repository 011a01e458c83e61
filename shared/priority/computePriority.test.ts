import fc from 'fast-check';
import { Category, LoyaltyTier, PRIORITY_RANK } from '../domain/index.ts';
import { computePriority } from './computePriority.ts';

describe('priority rules', () => {
  it('sends health reports to the top and says why', () => {
    const r = computePriority({
      category: 'product_inquiry',
      text: '用了之后皮肤红肿发痒',
      loyaltyTier: 'regular',
    });
    expect(r.priority).toBe('urgent');
    expect(r.reasons).toContain('health_risk');
  });

  it('ranks complaints and VIP customers above routine inquiries', () => {
    const routine = computePriority({
      category: 'order_query',
      text: '什么时候发货',
      loyaltyTier: 'regular',
    });
    const complaint = computePriority({
      category: 'complaint',
      text: '什么时候发货',
      loyaltyTier: 'regular',
    });
    const vip = computePriority({ category: 'order_query', text: '什么时候发货', loyaltyTier: 'vip' });
    expect(routine).toEqual({ priority: 'normal', reasons: ['routine'] });
    expect(PRIORITY_RANK[complaint.priority]).toBeLessThan(PRIORITY_RANK[routine.priority]);
    expect(vip.reasons).toEqual(['vip_customer']);
  });

  it('never ranks a text lower because a health word was added to it', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...Category.options),
        fc.constantFrom(...LoyaltyTier.options),
        fc.string(),
        (category, loyaltyTier, text) => {
          const base = computePriority({ category, text, loyaltyTier });
          const withHealth = computePriority({ category, text: `${text} 过敏`, loyaltyTier });
          expect(PRIORITY_RANK[withHealth.priority]).toBeLessThanOrEqual(PRIORITY_RANK[base.priority]);
          expect(withHealth.priority).toBe('urgent');
          expect(base.reasons.length).toBeGreaterThan(0);
        },
      ),
    );
  });
});
