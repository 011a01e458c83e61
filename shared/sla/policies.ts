import type { Category, Channel } from '../domain/index.ts';
import type { SlaClock } from './businessTime.ts';

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

/**
 * Next-response commitments: once a conversation has started, every later customer message on a
 * live channel is answered within 5 minutes at worst. Null: the channel has no such clock.
 */
export const NEXT_RESPONSE_MS: Readonly<Record<Channel, number | null>> = {
  phone: null,
  chat: 5 * MINUTE,
  marketplace: 5 * MINUTE,
  app: 5 * MINUTE,
  social: null,
  email: null,
};

/** Resolution limits per category; complaints are held to a shorter clock than routine questions. */
export const RESOLUTION_MS: Readonly<Record<Category, number>> = {
  product_inquiry: 24 * HOUR,
  order_query: 24 * HOUR,
  after_sales: 72 * HOUR,
  complaint: 24 * HOUR,
};

/** How one channel's clocks run and how long its responses may take. */
export interface ChannelSla {
  clock: SlaClock;
  firstResponseMs: number;
  nextResponseMs: number | null;
}

/** Everything the deadlines depend on besides the ticket and the team calendar. */
export interface SlaPolicy {
  channels: Readonly<Record<Channel, ChannelSla>>;
  /** Resolution limits per category, counted on the ticket's channel clock. */
  resolutionMs: Readonly<Record<Category, number>>;
}

/** Live channels run round the clock; email counts business hours only. */
const CLOCK: Readonly<Record<Channel, SlaClock>> = {
  phone: 'always',
  chat: 'always',
  marketplace: 'always',
  app: 'always',
  social: 'always',
  email: 'business_hours',
};

export const DEFAULT_SLA_POLICY: SlaPolicy = {
  channels: Object.fromEntries(
    (Object.keys(FIRST_RESPONSE_MS) as Channel[]).map((channel) => [
      channel,
      {
        clock: CLOCK[channel],
        firstResponseMs: FIRST_RESPONSE_MS[channel],
        nextResponseMs: NEXT_RESPONSE_MS[channel],
      },
    ]),
  ) as Record<Channel, ChannelSla>,
  resolutionMs: RESOLUTION_MS,
};

/** A deadline closer than this is "due soon" (amber). */
export const DUE_SOON_MS = 15 * MINUTE;
