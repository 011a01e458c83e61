import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { Agent } from '@shared/domain/index.ts';
import { redactPii } from '@shared/privacy/pii/redactPii.ts';
import { RevealAudit } from '@shared/privacy/reveal.ts';
import type { DbQueryable } from '../db/types.ts';

export const PRIVACY_ACTIONS = ['reveal', 'export', 'erase'] as const;
export type PrivacyAction = (typeof PRIVACY_ACTIONS)[number];

/** One privacy_audit row as the admin API lists it: RevealAudit's shape + action + server time. */
export const PrivacyAuditEntry = RevealAudit.extend({
  action: z.enum(PRIVACY_ACTIONS),
  field: RevealAudit.shape.field.nullable(),
  reason: z.string(),
  serverTime: z.number().int(),
});
export type PrivacyAuditEntry = z.infer<typeof PrivacyAuditEntry>;

/** The refusal a mutation maps to "rejected": an audit that claims to be someone else's. */
export class AuditAgentMismatch extends Error {
  override name = 'AuditAgentMismatch';
  constructor() {
    super('A reveal audit can only be recorded by the agent it names');
  }
}

/**
 * Records one reveal (made and audited by the desktop's main process) in the append-only
 * privacy_audit table. Call it from the `revealAudit` mutator inside its writing transaction:
 * `await recordRevealAudit(ctx.tx, ctx.agent, RevealAudit.parse(args))`. Idempotent on audit.id (a
 * replayed mutation records nothing twice); throws AuditAgentMismatch when audit.agentId is not the
 * pushing agent. reasonText is masked again (redactPii) in case an old client did not.
 * Returns whether a row was written.
 */
export async function recordRevealAudit(
  tx: DbQueryable,
  agent: Pick<Agent, 'id'>,
  audit: RevealAudit,
  serverTime: number = Date.now(),
): Promise<boolean> {
  if (audit.agentId !== agent.id) throw new AuditAgentMismatch();
  const { rows } = await tx.query<{ id: string }>(
    `insert into privacy_audit (id, action, agent_id, customer_id, field, reason, reason_text, at, server_time)
     values ($1, 'reveal', $2, $3, $4, $5, $6, $7, $8) on conflict (id) do nothing returning id`,
    [
      audit.id,
      agent.id,
      audit.customerId,
      audit.field,
      audit.reason,
      audit.reasonText === null ? null : redactPii(audit.reasonText),
      audit.at,
      serverTime,
    ],
  );
  return rows.length > 0;
}

/** An export or erasure by an admin: no field, the reason's personal data masked. */
export async function recordAdminAction(
  tx: DbQueryable,
  agent: Pick<Agent, 'id'>,
  action: Exclude<PrivacyAction, 'reveal'>,
  customerId: string,
  reason: string,
  now: number,
): Promise<void> {
  await tx.query(
    `insert into privacy_audit (id, action, agent_id, customer_id, field, reason, reason_text, at, server_time)
     values ($1, $2, $3, $4, null, $5, $6, $7, $7)`,
    [randomUUID(), action, agent.id, customerId, action, redactPii(reason), now],
  );
}

interface AuditRow {
  id: string;
  action: PrivacyAction;
  agent_id: string;
  customer_id: string;
  field: PrivacyAuditEntry['field'];
  reason: string;
  reason_text: string | null;
  at: number;
  server_time: number;
}

export async function listPrivacyAudit(
  q: DbQueryable,
  customerId: string | null,
  limit: number,
): Promise<PrivacyAuditEntry[]> {
  const { rows } = await q.query<AuditRow>(
    `select id, action, agent_id, customer_id, field, reason, reason_text, at, server_time from privacy_audit
     where $1::uuid is null or customer_id = $1::uuid order by server_time desc, id limit $2`,
    [customerId, limit],
  );
  return rows.map((r) => ({
    id: r.id,
    action: r.action,
    agentId: r.agent_id,
    customerId: r.customer_id,
    field: r.field,
    reason: r.reason,
    reasonText: r.reason_text,
    at: Number(r.at),
    serverTime: Number(r.server_time),
  }));
}
