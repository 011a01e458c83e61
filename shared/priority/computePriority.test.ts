import fc from 'fast-check';
import { Category, LoyaltyTier, PRIORITY_RANK } from '../domain/index.ts';
import { computePriority, HEALTH_TERMS, STRONG_EMOTION_TERMS } from './computePriority.ts';

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

describe('priority reasons', () => {
  const anyInput = fc.record({
    category: fc.constantFrom(...Category.options),
    loyaltyTier: fc.constantFrom(...LoyaltyTier.options),
    text: fc.string(),
  });

  it.each([
    ['allergy', '用了以后过敏了'],
    ['skin reaction', '涂完脸上起红疹还脱皮'],
    ['skin reaction (en)', 'I got a skin reaction and hives'],
    ['discomfort', '用了卫生巾以后很不舒服'],
    ['discomfort (en)', 'Severe discomfort after use'],
    ['infection', '怀疑是感染了，一直发炎'],
    ['infection (en)', 'I think it caused an infection'],
  ])('flags %s as a health risk', (_kind, text) => {
    const r = computePriority({ category: 'product_inquiry', text, loyaltyTier: 'regular' });
    expect(r).toEqual({ priority: 'urgent', reasons: ['health_risk'] });
  });

  it.each(['The stitching came loose', 'The paint on the box is chipped', 'Please switch my size'])(
    'does not mistake "%s" for a health report (English terms match whole words)',
    (text) => {
      expect(computePriority({ category: 'order_query', text, loyaltyTier: 'regular' }).reasons).toEqual([
        'routine',
      ]);
    },
  );

  it('flags strong negative emotion, complaints and VIP customers, each with its own reason', () => {
    const emotion = computePriority({
      category: 'order_query',
      text: '再不处理我就打12315',
      loyaltyTier: 'regular',
    });
    expect(emotion).toEqual({ priority: 'urgent', reasons: ['strong_emotion'] });
    const all = computePriority({
      category: 'complaint',
      text: '皮肤过敏，我要曝光你们',
      loyaltyTier: 'vip',
    });
    expect(all.reasons).toEqual(['health_risk', 'strong_emotion', 'complaint', 'vip_customer']);
  });

  it('always explains itself: "routine" exactly when no rule fired', () => {
    fc.assert(
      fc.property(anyInput, (input) => {
        const { priority, reasons } = computePriority(input);
        expect(reasons.length).toBeGreaterThan(0);
        expect(new Set(reasons).size).toBe(reasons.length);
        if (reasons.includes('routine')) {
          expect(reasons).toEqual(['routine']);
          expect(['normal', 'low']).toContain(priority);
        } else {
          expect(['urgent', 'high']).toContain(priority);
        }
        expect(priority === 'urgent').toBe(
          reasons.includes('health_risk') || reasons.includes('strong_emotion'),
        );
        expect(reasons.includes('complaint')).toBe(input.category === 'complaint');
        expect(reasons.includes('vip_customer')).toBe(input.loyaltyTier === 'vip');
      }),
    );
  });

  it('never ranks a ticket lower for a VIP, for a complaint, or for more words', () => {
    fc.assert(
      fc.property(anyInput, fc.string(), (input, more) => {
        const rank = (i: typeof input) => PRIORITY_RANK[computePriority(i).priority];
        expect(rank({ ...input, loyaltyTier: 'vip' })).toBeLessThanOrEqual(rank(input));
        expect(rank({ ...input, category: 'complaint' })).toBeLessThanOrEqual(
          Math.min(rank(input), PRIORITY_RANK.high),
        );
        const before = computePriority(input).reasons.filter((r) => r !== 'routine');
        const after = computePriority({ ...input, text: `${input.text}\n${more}` }).reasons;
        for (const reason of before) expect(after).toContain(reason);
      }),
    );
  });

  it('sends any strong-emotion word to the top, whatever surrounds it', () => {
    fc.assert(
      fc.property(anyInput, fc.constantFrom(...STRONG_EMOTION_TERMS), (input, term) => {
        const r = computePriority({ ...input, text: `${input.text} ${term} ` });
        expect(r.priority).toBe('urgent');
        expect(r.reasons).toContain('strong_emotion');
      }),
    );
  });

  it('sends any health word to the top, whatever surrounds it', () => {
    fc.assert(
      fc.property(anyInput, fc.constantFrom(...HEALTH_TERMS), (input, term) => {
        const r = computePriority({ ...input, text: `${input.text} ${term.toUpperCase()} ` });
        expect(r.reasons).toContain('health_risk');
      }),
    );
  });
});
