import { z } from 'zod';
import { EpochMs, Id } from './common.ts';

export const Role = z.enum(['agent', 'lead', 'admin']);
export type Role = z.infer<typeof Role>;

/**
 * What the agent is doing, shown in the header and to the team: after-call work (wrap-up after a
 * call, timed from stateSince) counts toward handle time; break and busy take no new work.
 */
export const AgentState = z.enum(['available', 'busy', 'after_call_work', 'break']);
export type AgentState = z.infer<typeof AgentState>;

export const Agent = z.object({
  id: Id,
  username: z.string().min(1).max(64),
  displayName: z.string().min(1).max(64),
  role: Role,
  teamId: Id,
  state: AgentState,
  /** Server time of the last state change. */
  stateSince: EpochMs,
});
export type Agent = z.infer<typeof Agent>;
