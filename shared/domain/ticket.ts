import { z } from 'zod';
import { NextCallback } from './afterSales.ts';
import { Channel, EpochMs, Id, ProductLine } from './common.ts';

export const TicketStatus = z.enum([
  'new',
  'open',
  'pending_customer',
  'pending_internal',
  'resolved',
  'closed',
  'reopened',
]);
export type TicketStatus = z.infer<typeof TicketStatus>;

export const Category = z.enum(['product_inquiry', 'order_query', 'after_sales', 'complaint']);
export type Category = z.infer<typeof Category>;

export const RootCause = z.enum(['quality', 'logistics', 'description_mismatch', 'usage', 'other']);
export type RootCause = z.infer<typeof RootCause>;

/** Ranked so that a plain ascending sort puts the most urgent first. */
export const Priority = z.enum(['urgent', 'high', 'normal', 'low']);
export type Priority = z.infer<typeof Priority>;
export const PRIORITY_RANK: Record<Priority, number> = { urgent: 0, high: 1, normal: 2, low: 3 };

export const Ticket = z.object({
  id: Id,
  /** Human-readable number agents read out on the phone, e.g. CD-000123. */
  number: z.string().min(1).max(32),
  channel: Channel,
  category: Category,
  rootCause: RootCause.nullable(),
  status: TicketStatus,
  priority: Priority,
  /** Why the priority rules ranked it so (shared/priority), shown on the row. */
  priorityReasons: z.array(z.string().max(48)).max(8),
  subject: z.string().min(1).max(200),
  customerId: Id,
  orderId: Id.nullable(),
  productLine: ProductLine.nullable(),
  teamId: Id,
  assigneeId: Id.nullable(),
  tags: z.array(z.string().max(32)).max(16),
  createdAt: EpochMs,
  updatedAt: EpochMs,
  firstResponseAt: EpochMs.nullable(),
  resolvedAt: EpochMs.nullable(),
  firstResponseDueAt: EpochMs.nullable(),
  resolutionDueAt: EpochMs.nullable(),
  lastCustomerMessageAt: EpochMs.nullable(),
  /** The earliest callback not yet done (server-derived from callback events): the callbacks-due view. */
  nextCallback: NextCallback.nullable(),
});
export type Ticket = z.infer<typeof Ticket>;
