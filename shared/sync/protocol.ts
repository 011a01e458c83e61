import { z } from 'zod';
import { Agent, Customer, Order, Ticket, TicketEvent } from '../domain/index.ts';
import { SealedCustomer } from '../privacy/sealed.ts';
import { Mutation } from './mutations.ts';

/** A stable id per installation + profile; it owns one mutation sequence. */
export const ClientId = z.uuid();
export type ClientId = z.infer<typeof ClientId>;

/** Opaque to clients: a server-side position in commit order (see docs/sync.md). */
export const Cookie = z.string().min(1).max(512);
export type Cookie = z.infer<typeof Cookie>;

export const SYNCED_ENTITIES = ['agent', 'customer', 'order', 'ticket', 'event'] as const;
export const SyncedEntity = z.enum(SYNCED_ENTITIES);
export type SyncedEntity = z.infer<typeof SyncedEntity>;

/** Builds the patch schema for one shape of customer: plaintext on the wire, sealed in the renderer. */
function patchOp<C extends z.ZodType>(customer: C) {
  // Puts are a union on `entity` nested in the union on `op`: zod rejects one flat union with five
  // options sharing the discriminator value 'put' ("Duplicate discriminator value").
  const put = z.discriminatedUnion('entity', [
    z.object({
      op: z.literal('put'),
      entity: z.literal('agent'),
      value: Agent.pick({ id: true, displayName: true, role: true, teamId: true }),
    }),
    z.object({ op: z.literal('put'), entity: z.literal('customer'), value: customer }),
    z.object({ op: z.literal('put'), entity: z.literal('order'), value: Order }),
    z.object({ op: z.literal('put'), entity: z.literal('ticket'), value: Ticket }),
    z.object({ op: z.literal('put'), entity: z.literal('event'), value: TicketEvent }),
  ]);
  return z.discriminatedUnion('op', [
    put,
    z.object({ op: z.literal('del'), entity: SyncedEntity, id: z.uuid() }),
    /** The client must drop its whole cache (schema changed, server reset) before the puts that follow. */
    z.object({ op: z.literal('clear') }),
  ]);
}

/** Patch operations as the server sends them (customer privacy fields in plaintext, over TLS). */
export const PatchOp = patchOp(Customer);
export type PatchOp = z.infer<typeof PatchOp>;

/** Patch operations as the renderer receives them: privacy fields sealed by the main process. */
export const SealedPatchOp = patchOp(SealedCustomer);
export type SealedPatchOp = z.infer<typeof SealedPatchOp>;

export const PullRequest = z.object({
  clientId: ClientId,
  cookie: Cookie.nullable(),
  /** Rows per chunk; an initial sync of 100k tickets streams in many pulls. */
  limit: z.number().int().min(1).max(10_000).default(2_000),
});
export type PullRequest = z.input<typeof PullRequest>;

export const PullResponse = z.object({
  cookie: Cookie,
  /** The last of this client's mutations the server has processed (applied or rejected). */
  lastMutationId: z.number().int().nonnegative(),
  patch: z.array(PatchOp),
  /** True when the server had more changes than `limit`: pull again at once with the new cookie. */
  more: z.boolean(),
});
export type PullResponse = z.infer<typeof PullResponse>;

export const SealedPullResponse = PullResponse.extend({ patch: z.array(SealedPatchOp) });
export type SealedPullResponse = z.infer<typeof SealedPullResponse>;

export const PushRequest = z.object({
  clientId: ClientId,
  mutations: z.array(Mutation).min(1).max(500),
});
export type PushRequest = z.infer<typeof PushRequest>;

export const MutationResult = z.object({
  id: z.number().int().positive(),
  status: z.enum(['applied', 'rejected', 'duplicate']),
  /** For rejected mutations: an i18n key (`sync.reject.<code>`) the agent sees, e.g. invalid_transition. */
  reason: z.string().max(64).nullable(),
});
export type MutationResult = z.infer<typeof MutationResult>;

export const PushResponse = z.object({
  lastMutationId: z.number().int().nonnegative(),
  results: z.array(MutationResult),
});
export type PushResponse = z.infer<typeof PushResponse>;

/** Body of a 409 answer to a push whose first new mutation is not lastMutationId + 1. */
export const MutationGap = z.object({
  error: z.literal('mutation_gap'),
  expected: z.number().int().positive(),
});
export type MutationGap = z.infer<typeof MutationGap>;
