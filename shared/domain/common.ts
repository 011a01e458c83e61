import { z } from 'zod';

/** Server-assigned identifiers are UUIDs; client-made ones (events written offline) are too. */
export const Id = z.uuid();
export type Id = z.infer<typeof Id>;

/** Milliseconds since the epoch, always stamped by the server clock (client clocks are only hints). */
export const EpochMs = z.number().int().nonnegative();
export type EpochMs = z.infer<typeof EpochMs>;

/** Money in fen (1/100 yuan) so sums never suffer floating-point drift. */
export const Fen = z.number().int().nonnegative();
export type Fen = z.infer<typeof Fen>;

export const Channel = z.enum(['phone', 'chat', 'email', 'social', 'app', 'marketplace']);
export type Channel = z.infer<typeof Channel>;
export const CHANNELS = Channel.options;

export const ProductLine = z.enum(['feminine_care', 'cosmetics', 'apparel', 'general']);
export type ProductLine = z.infer<typeof ProductLine>;
