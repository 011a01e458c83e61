import { z } from 'zod';
import { Id } from './common.ts';

export const Role = z.enum(['agent', 'lead', 'admin']);
export type Role = z.infer<typeof Role>;

export const Agent = z.object({
  id: Id,
  username: z.string().min(1).max(64),
  displayName: z.string().min(1).max(64),
  role: Role,
  teamId: Id,
});
export type Agent = z.infer<typeof Agent>;
