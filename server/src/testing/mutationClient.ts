import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { LoginResponse } from '@shared/api/http.ts';
import type { MutationArgs, MutationName } from '@shared/sync/mutations.ts';
import { PushResponse, type MutationResult } from '@shared/sync/protocol.ts';
import type { Db } from '../db/types.ts';
import { push } from './testServer.ts';

/** One installation of one agent: pushes named mutations with its own gap-free ids. */
export interface MutationClient {
  clientId: string;
  login: LoginResponse;
  /** Pushes one mutation as the next id; resolves to its result. */
  send<N extends MutationName>(name: N, args: MutationArgs<N>): Promise<MutationResult>;
  /** Pushes the mutation with id `id` again (a retry after a lost answer). */
  resend<N extends MutationName>(id: number, name: N, args: MutationArgs<N>): Promise<MutationResult>;
}

export function mutationClient(app: FastifyInstance, login: LoginResponse): MutationClient {
  const clientId = randomUUID();
  let last = 0;
  const pushOne = async (id: number, name: MutationName, args: unknown) => {
    const res = await push(app, login.accessToken, {
      clientId,
      mutations: [{ id, name, args, clientTime: Date.now() }],
    });
    if (res.statusCode !== 200) throw new Error(`push ${name}: ${res.statusCode} ${res.body}`);
    return PushResponse.parse(res.json()).results[0]!;
  };
  return {
    clientId,
    login,
    send: (name, args) => pushOne(++last, name, args),
    resend: (id, name, args) => pushOne(id, name, args),
  };
}

/**
 * Hands out tickets of a team that no test of the file has used yet, not closed, with only messages
 * on their timeline, set to the given
 * status and assignee (a direct write: test set-up, not a change clients need to see).
 */
export function ticketPool(db: Db, teamId: string) {
  const used = new Set<string>();
  return async (options: { assigneeId: string | null; status?: string }) => {
    const { rows } = await db.query<{ id: string }>(
      // Only plain message timelines: the seed's after-sales events would skew the counts of a test.
      `select id from tickets t where team_id = $1 and status <> 'closed'
         and not exists (select 1 from ticket_events e where e.ticket_id = t.id and e.kind <> 'message')
       order by id`,
      [teamId],
    );
    const id = rows.map((r) => r.id).find((x) => !used.has(x));
    if (!id) throw new Error('the seed ran out of open tickets');
    used.add(id);
    await db.query(
      `update tickets set assignee_id = $2, assigned_at = $3, status = coalesce($4, status) where id = $1`,
      [id, options.assigneeId, options.assigneeId ? Date.now() : null, options.status ?? null],
    );
    return id;
  };
}

/** A new order of the ticket's customer with the given total (fen), for refund and return tests. */
export async function orderForTicket(db: Db, ticketId: string, total: number): Promise<string> {
  const id = randomUUID();
  await db.query(
    `insert into orders (id, order_no, customer_id, product_line, items, total, status, placed_at, updated_at, version)
     select $1, $2, customer_id, 'cosmetics', $3::jsonb, $4, 'delivered', 0, 0, 0 from tickets where id = $5`,
    [
      id,
      `T${id.slice(0, 8)}`,
      JSON.stringify([{ sku: 'CO-FC50', name: '保湿面霜 50g', unitPrice: total, qty: 1 }]),
      total,
      ticketId,
    ],
  );
  return id;
}

/** The ticket's events of one kind, oldest first, as the rows hold them. */
export async function eventsOf(db: Db, ticketId: string, kind: string) {
  const { rows } = await db.query<{
    id: string;
    author_type: string;
    author_id: string | null;
    created_at: number;
    payload: Record<string, unknown>;
  }>(
    `select id, author_type, author_id, created_at, payload from ticket_events
     where ticket_id = $1 and kind = $2 order by created_at, id`,
    [ticketId, kind],
  );
  return rows;
}
