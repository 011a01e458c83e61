import type { Mutator } from './context.ts';

/**
 * The agent's own state, stamped with server time. The agents row takes the transaction's version so
 * teammates' next pull shows it; agent_state_log closes the running spell and opens the next, which
 * is what handle-time and after-call-work figures are computed from. The same state again changes
 * nothing (its spell keeps running).
 */
export const setAgentState: Mutator<'setAgentState'> = async (ctx, args) => {
  const { version, now } = ctx.stamp;
  const { rows } = await ctx.tx.query<{ state: string }>(
    'select state from agents where id = $1 for update',
    [ctx.agent.id],
  );
  if (rows[0]?.state === args.state) return;
  await ctx.tx.query(
    'update agents set state = $2, state_since = $3, updated_at = $3, version = $4 where id = $1',
    [ctx.agent.id, args.state, now, version],
  );
  await ctx.tx.query('update agent_state_log set ended_at = $2 where agent_id = $1 and ended_at is null', [
    ctx.agent.id,
    now,
  ]);
  await ctx.tx.query('insert into agent_state_log (agent_id, state, started_at) values ($1, $2, $3)', [
    ctx.agent.id,
    args.state,
    now,
  ]);
};
