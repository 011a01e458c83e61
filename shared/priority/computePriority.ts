import type { Category, LoyaltyTier, Priority } from '../domain/index.ts';

/** Why a ticket ranks where it does; i18n keys `priority.reason.<id>` explain each on the row. */
export type PriorityReason = 'health_risk' | 'strong_emotion' | 'complaint' | 'vip_customer' | 'routine';

/**
 * Words that signal a possible health problem: these cases jump the queue (feminine care, cosmetics).
 * Grouped by what they report: allergy, skin reaction, discomfort or pain, infection.
 */
export const HEALTH_TERMS: readonly string[] = [
  // allergy
  '过敏',
  'allergy',
  'allergic',
  'allergies',
  // skin reaction
  '红肿',
  '红疹',
  '起疹',
  '皮疹',
  '疹子',
  '瘙痒',
  '发痒',
  '刺痛',
  '灼热',
  '烧灼',
  '脱皮',
  '起泡',
  '水泡',
  '荨麻疹',
  'rash',
  'rashes',
  'itch',
  'itchy',
  'itches',
  'itching',
  'swelling',
  'swollen',
  'hives',
  'redness',
  'blister',
  'blisters',
  'burning',
  'stinging',
  'irritation',
  'skin reaction',
  // discomfort, pain, bleeding
  '不适',
  '不舒服',
  '疼',
  '痛',
  '出血',
  'pain',
  'painful',
  'discomfort',
  'bleeding',
  // infection
  '感染',
  '炎症',
  '发炎',
  '异味',
  'infection',
  'infected',
  'inflammation',
];

/** Words that signal a customer at the end of their patience (or heading for a regulator). */
export const STRONG_EMOTION_TERMS: readonly string[] = [
  '投诉',
  '曝光',
  '骗子',
  '差评',
  '太差',
  '气死',
  '愤怒',
  '忍无可忍',
  '无法接受',
  '欺骗',
  '黑心',
  '律师',
  '起诉',
  '12315',
  '消协',
  '媒体',
  'furious',
  'outraged',
  'lawyer',
  'scam',
  'unacceptable',
  'disgusted',
];

const LATIN_TERM = /^[a-z0-9 ]+$/;

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * One matcher per term list. Chinese terms match anywhere (Chinese has no spaces between words);
 * English ones only as whole words, so "stitching" is not "itch" and "paint" is not "pain".
 */
function matcher(terms: readonly string[]): (text: string) => boolean {
  const latin = terms.filter((t) => LATIN_TERM.test(t));
  const other = terms.filter((t) => !LATIN_TERM.test(t));
  const words = latin.length > 0 ? new RegExp(`\\b(?:${latin.map(escapeRegExp).join('|')})\\b`, 'i') : null;
  return (text) => other.some((t) => text.includes(t)) || (words !== null && words.test(text));
}

const mentionsHealth = matcher(HEALTH_TERMS);
const mentionsStrongEmotion = matcher(STRONG_EMOTION_TERMS);

/**
 * Ranks a ticket from what the customer wrote and who they are. Explainable by design: the reasons
 * travel with the ticket so the queue row can say why it is high.
 */
export function computePriority(input: { category: Category; text: string; loyaltyTier: LoyaltyTier }): {
  priority: Priority;
  reasons: PriorityReason[];
} {
  const reasons: PriorityReason[] = [];
  if (mentionsHealth(input.text)) reasons.push('health_risk');
  if (mentionsStrongEmotion(input.text)) reasons.push('strong_emotion');
  if (input.category === 'complaint') reasons.push('complaint');
  if (input.loyaltyTier === 'vip') reasons.push('vip_customer');

  if (reasons.includes('health_risk') || reasons.includes('strong_emotion'))
    return { priority: 'urgent', reasons };
  if (reasons.length > 0) return { priority: 'high', reasons };
  return { priority: input.category === 'product_inquiry' ? 'low' : 'normal', reasons: ['routine'] };
}
