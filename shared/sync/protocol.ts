import { z } from 'zod';
import { Agent, Customer, EpochMs, Id, Order, Ticket, TicketEvent } from '../domain/index.ts';
import { SealedCustomer } from '../privacy/sealed.ts';
import { SealedTextMap, SealedTicketEvent } from '../privacy/sealedText.ts';
import { Mutation, MUTATION_NAMES } from './mutations.ts';

/**
 * The protocol version a client speaks, sent on every sync request as the `x-caredesk-protocol`
 * header. A server answers 426 `client_too_old` to a version below its minimum; the client then stops
 * syncing, keeps its outbox and asks the agent to update. Bump it on a change old servers or old
 * clients cannot read; additive fields and new mutation names the server already knows do not need it.
 * A request without the header counts as version 1 (clients from before the header existed).
 */
export const PROTOCOL_VERSION = 1;
export const PROTOCOL_HEADER = 'x-caredesk-protocol';

/** Details of a 426 answer (inside the ApiError body, code `client_too_old`). */
export const ClientTooOld = z.object({ minimum: z.number().int().positive(), received: z.number().int() });
export type ClientTooOld = z.infer<typeof ClientTooOld>;

/** A stable id per installation + profile; it owns one mutation sequence. */
export const ClientId = z.uuid();
export type ClientId = z.infer<typeof ClientId>;

/** Opaque to clients: a server-side position in commit order (see docs/sync.md). */
export const Cookie = z.string().min(1).max(512);
export type Cookie = z.infer<typeof Cookie>;

export const SYNCED_ENTITIES = ['agent', 'customer', 'order', 'ticket', 'event'] as const;
export const SyncedEntity = z.enum(SYNCED_ENTITIES);
export type SyncedEntity = z.infer<typeof SyncedEntity>;

/**
 * Builds the patch schema for one shape of customer and event: plaintext on the wire, sealed in the
 * renderer (customer privacy fields, and free text in events: shared/privacy/sealedText.ts).
 */
function patchOp<C extends z.ZodType, E extends z.ZodType>(customer: C, event: E) {
  // Puts are a union on `entity` nested in the union on `op`: zod rejects one flat union with five
  // options sharing the discriminator value 'put' ("Duplicate discriminator value").
  const put = z.discriminatedUnion('entity', [
    z.object({
      op: z.literal('put'),
      entity: z.literal('agent'),
      // state/stateSince: optional so a server from before agent states still parses.
      value: Agent.pick({ id: true, displayName: true, role: true, teamId: true }).extend({
        state: Agent.shape.state.optional(),
        stateSince: Agent.shape.stateSince.optional(),
      }),
    }),
    z.object({ op: z.literal('put'), entity: z.literal('customer'), value: customer }),
    z.object({ op: z.literal('put'), entity: z.literal('order'), value: Order }),
    z.object({ op: z.literal('put'), entity: z.literal('ticket'), value: Ticket }),
    z.object({ op: z.literal('put'), entity: z.literal('event'), value: event }),
  ]);
  return z.discriminatedUnion('op', [
    put,
    z.object({ op: z.literal('del'), entity: SyncedEntity, id: z.uuid() }),
    /** The client must drop its whole cache (schema changed, server reset) before the puts that follow. */
    z.object({ op: z.literal('clear') }),
  ]);
}

/** Patch operations as the server sends them (customer privacy fields in plaintext, over TLS). */
export const PatchOp = patchOp(Customer, TicketEvent);
export type PatchOp = z.infer<typeof PatchOp>;

/** Patch operations as the renderer receives them: privacy fields and free text sealed by the main process. */
export const SealedPatchOp = patchOp(SealedCustomer, SealedTicketEvent);
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
  /**
   * Approximately how many rows are still to come after this chunk. Sent only on the first chunk of a
   * sync from scratch (no cookie, or a reset), so a client can show initial-sync progress.
   */
  remaining: z.number().int().nonnegative().optional(),
});
export type PullResponse = z.infer<typeof PullResponse>;

export const SealedPullResponse = PullResponse.extend({ patch: z.array(SealedPatchOp) });
export type SealedPullResponse = z.infer<typeof SealedPullResponse>;

export const PushRequest = z.object({
  clientId: ClientId,
  mutations: z.array(Mutation).min(1).max(500),
});
export type PushRequest = z.infer<typeof PushRequest>;

/**
 * A mutation as the renderer's outbox holds it: its free-text arguments masked, with `args.sealedText`
 * holding their envelopes (shared/privacy/sealedText.ts). The main process opens them and checks the
 * result against the strict `Mutation` schema before it goes to the server.
 */
export const SealedMutation = z.object({
  id: z.number().int().positive(),
  name: z.enum(MUTATION_NAMES as [MutationNameLiteral, ...MutationNameLiteral[]]),
  args: z.looseObject({ sealedText: SealedTextMap.optional() }),
  clientTime: z.number().int().nonnegative(),
});
type MutationNameLiteral = Mutation['name'];
export type SealedMutation = Mutation & { args: { sealedText?: SealedTextMap } };

/** `sync.push` from the renderer: sealed outbox entries (opened in the main process). */
export const SealedPushRequest = z.object({
  clientId: ClientId,
  mutations: z.array(SealedMutation).min(1).max(500),
});
export type SealedPushRequest = z.infer<typeof SealedPushRequest>;

/**
 * Why the server refused a mutation: a business rule, never an infrastructure failure (those answer
 * 5xx and the mutation is retried). Each is an i18n key `sync.reject.<reason>`; servers may add
 * reasons, so clients treat this as the known subset.
 */
export const REJECT_REASONS = [
  'ticket_not_found',
  'invalid_transition',
  'ticket_closed',
  'already_claimed',
  'forbidden',
  'invalid_assignee',
  /** Someone else holds the ticket: take it over first. Details: AlreadyClaimedDetails. */
  'not_assignee',
  /** The order is not the ticket customer's. */
  'order_not_found',
  /** Refunds of the order would exceed its total. Details: { orderTotal, alreadyRefunded }. */
  'refund_exceeds_total',
  'duplicate_rma',
  /** No return/exchange with this RMA number on the ticket. */
  'rma_not_found',
  /** No open callback with this id on the ticket. */
  'callback_not_found',
  /** A survey goes out once, on a resolved ticket. */
  'survey_not_allowed',
  /** Take-over of a ticket that is unassigned or already the agent's: claim it instead. */
  'nothing_to_take_over',
] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** Data a rejection carries for its message (flat: strings, numbers, booleans, null). */
export const RejectionDetails = z.record(
  z.string().max(64),
  z.union([z.string().max(256), z.number(), z.boolean(), z.null()]),
);
export type RejectionDetails = z.infer<typeof RejectionDetails>;

/** The details of `already_claimed`: who holds the ticket, since when (server time). */
export const AlreadyClaimedDetails = z.object({
  agentId: Id,
  displayName: z.string().optional(),
  at: EpochMs,
});
export type AlreadyClaimedDetails = z.infer<typeof AlreadyClaimedDetails>;

export const MutationResult = z.object({
  id: z.number().int().positive(),
  /**
   * `duplicate`: applied by an earlier push. A replayed mutation that had been rejected is answered
   * `rejected` again with its stored reason, so a client that lost the first answer still learns it.
   */
  status: z.enum(['applied', 'rejected', 'duplicate']),
  /** For rejected mutations: an i18n key (`sync.reject.<code>`) the agent sees, e.g. invalid_transition. */
  reason: z.string().max(64).nullable(),
  /** For some rejections: the data the message needs (e.g. AlreadyClaimedDetails). */
  details: RejectionDetails.optional(),
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
