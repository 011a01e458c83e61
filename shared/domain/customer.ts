import { z } from 'zod';
import { EpochMs, Id } from './common.ts';

export const LoyaltyTier = z.enum(['regular', 'silver', 'gold', 'vip']);
export type LoyaltyTier = z.infer<typeof LoyaltyTier>;

/**
 * A customer as the server stores it. The fields listed in `PRIVACY_FIELDS` (shared/privacy) never
 * reach the renderer in plaintext: the main process seals them first (see SealedCustomer).
 */
export const Customer = z.object({
  id: Id,
  name: z.string().min(1).max(64),
  phone: z.string().min(5).max(32),
  email: z.email().nullable(),
  address: z.string().max(256).nullable(),
  idNumber: z.string().max(32).nullable(),
  healthNotes: z.string().max(2000).nullable(),
  loyaltyTier: LoyaltyTier,
  /** Sensitivity flags an agent must see before replying (e.g. "allergy_history", "prior_complaint"). */
  flags: z.array(z.string().max(32)).max(16),
  createdAt: EpochMs,
  updatedAt: EpochMs,
});
export type Customer = z.infer<typeof Customer>;
