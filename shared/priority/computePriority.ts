import type { Category, LoyaltyTier, Priority } from '../domain/index.ts';

/** Why a ticket ranks where it does; i18n keys `priority.reason.<id>` explain each on the row. */
export type PriorityReason = 'health_risk' | 'strong_emotion' | 'complaint' | 'vip_customer' | 'routine';

/** Words that signal a possible health problem: these cases jump the queue (feminine care, cosmetics). */
const HEALTH_TERMS = [
  '过敏',
  '红肿',
  '瘙痒',
  '刺痛',
  '灼热',
  '起疹',
  '皮疹',
  '不适',
  '感染',
  '炎症',
  '疼',
  '痛',
  '出血',
  '异味',
  'allergy',
  'allergic',
  'rash',
  'itch',
  'swelling',
  'infection',
  'burning',
  'pain',
];

const STRONG_EMOTION_TERMS = [
  '投诉',
  '曝光',
  '骗子',
  '差评',
  '太差',
  '气死',
  '愤怒',
  '忍无可忍',
  '律师',
  '起诉',
  '12315',
  '消协',
  '媒体',
  'furious',
  'lawyer',
  'scam',
  'unacceptable',
];

function mentions(text: string, terms: readonly string[]): boolean {
  const lower = text.toLowerCase();
  return terms.some((term) => lower.includes(term));
}

/**
 * Ranks a ticket from what the customer wrote and who they are. Explainable by design: the reasons
 * travel with the ticket so the queue row can say why it is high.
 */
export function computePriority(input: { category: Category; text: string; loyaltyTier: LoyaltyTier }): {
  priority: Priority;
  reasons: PriorityReason[];
} {
  const reasons: PriorityReason[] = [];
  if (mentions(input.text, HEALTH_TERMS)) reasons.push('health_risk');
  if (mentions(input.text, STRONG_EMOTION_TERMS)) reasons.push('strong_emotion');
  if (input.category === 'complaint') reasons.push('complaint');
  if (input.loyaltyTier === 'vip') reasons.push('vip_customer');

  if (reasons.includes('health_risk') || reasons.includes('strong_emotion'))
    return { priority: 'urgent', reasons };
  if (reasons.length > 0) return { priority: 'high', reasons };
  return { priority: input.category === 'product_inquiry' ? 'low' : 'normal', reasons: ['routine'] };
}
