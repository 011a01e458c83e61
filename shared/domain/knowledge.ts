import { z } from 'zod';
import { EpochMs, Id } from './common.ts';

/** A script phrase (话术). `{{customerName}}`-style placeholders are filled from the case. */
export const Phrase = z.object({
  id: Id,
  title: z.string().min(1).max(100),
  body: z.string().min(1).max(4000),
  category: z.string().max(32),
  tags: z.array(z.string().max(32)).max(16),
  updatedAt: EpochMs,
});
export type Phrase = z.infer<typeof Phrase>;

export const KbArticle = z.object({
  id: Id,
  title: z.string().min(1).max(200),
  body: z.string().min(1).max(100_000),
  tags: z.array(z.string().max(32)).max(16),
  updatedAt: EpochMs,
});
export type KbArticle = z.infer<typeof KbArticle>;
