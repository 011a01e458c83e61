import type { Category, Channel } from '../domain/index.ts';

const SECOND = 1000;
const MINUTE = 60 * SECOND;
const HOUR = 60 * MINUTE;

/** First-response commitments per channel (the plans: phone answered in 15 s, online chat 30 s, email 4 h). */
export const FIRST_RESPONSE_MS: Readonly<Record<Channel, number>> = {
  phone: 15 * SECOND,
  chat: 30 * SECOND,
  marketplace: 30 * SECOND,
  app: 5 * MINUTE,
  social: 1 * HOUR,
  email: 4 * HOUR,
};

/** Resolution limits per category; complaints are held to a shorter clock than routine questions. */
export const RESOLUTION_MS: Readonly<Record<Category, number>> = {
  product_inquiry: 24 * HOUR,
  order_query: 24 * HOUR,
  after_sales: 72 * HOUR,
  complaint: 24 * HOUR,
};

/** A deadline closer than this is "due soon" (amber). */
export const DUE_SOON_MS = 15 * MINUTE;
