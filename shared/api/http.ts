import { z } from 'zod';
import {
  Agent,
  Carrier,
  Category,
  Channel,
  Id,
  LogisticsStatus,
  RmaNo,
  Role,
  TrackingNo,
} from '../domain/index.ts';

/** The server's HTTP API bodies. Routes: see docs/architecture.md. */

export const LoginRequest = z.object({
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
});
export type LoginRequest = z.infer<typeof LoginRequest>;

export const TokenPair = z.object({
  /** Short-lived JWT (Bearer) for API calls. */
  accessToken: z.string().min(1),
  accessExpiresAt: z.number().int(),
  /** Opaque, single-use: exchanged at /api/auth/refresh for a new pair. */
  refreshToken: z.string().min(1),
});
export type TokenPair = z.infer<typeof TokenPair>;

export const LoginResponse = TokenPair.extend({ agent: Agent });
export type LoginResponse = z.infer<typeof LoginResponse>;

export const RefreshRequest = z.object({ refreshToken: z.string().min(1).max(512) });
export type RefreshRequest = z.infer<typeof RefreshRequest>;

/** What a channel system (phone switch, chat widget, mail gateway, marketplace) sends to open a ticket. */
export const IntakeTicketRequest = z.object({
  channel: Channel,
  /** The source system's own id; a retried delivery with the same id creates nothing new. */
  externalId: z.string().trim().min(1).max(128),
  customer: z.object({
    name: z.string().trim().min(1).max(64),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[\d\- ]{5,20}$/, 'phone must be digits'),
    email: z.email().nullable().default(null),
  }),
  subject: z.string().trim().min(1).max(200),
  body: z.string().trim().min(1).max(10_000),
  category: Category.default('product_inquiry'),
  orderNo: z.string().trim().max(32).nullable().default(null),
});
export type IntakeTicketRequest = z.input<typeof IntakeTicketRequest>;

export const IntakeTicketResponse = z.object({
  ticketId: Id,
  number: z.string(),
  /** False when `externalId` had already been delivered: the existing ticket is returned. */
  created: z.boolean(),
});
export type IntakeTicketResponse = z.infer<typeof IntakeTicketResponse>;

/**
 * What a carrier's (or warehouse's) feed sends about the goods of a return or exchange: the event
 * lands on the ticket that opened the RMA (404 if none).
 */
export const LogisticsIntakeRequest = z.object({
  /** The feed's own id for this update; a retried delivery with the same id records nothing new. */
  externalId: z.string().trim().min(1).max(128),
  rmaNo: RmaNo,
  status: LogisticsStatus,
  carrier: Carrier.nullable().default(null),
  trackingNo: TrackingNo.nullable().default(null),
  note: z.string().trim().max(500).nullable().default(null),
});
export type LogisticsIntakeRequest = z.input<typeof LogisticsIntakeRequest>;

/** The survey service's answer to a satisfaction survey (409 unless the ticket sent one). */
export const SurveyResultIntakeRequest = z.object({
  externalId: z.string().trim().min(1).max(128),
  ticketNumber: z.string().trim().min(1).max(32),
  score: z.number().int().min(1).max(5),
  comment: z.string().trim().max(1000).nullable().default(null),
});
export type SurveyResultIntakeRequest = z.input<typeof SurveyResultIntakeRequest>;

/** The answer to the event intakes: the timeline event recorded (or recorded before: created false). */
export const IntakeEventResponse = z.object({
  eventId: Id,
  ticketId: Id,
  created: z.boolean(),
});
export type IntakeEventResponse = z.infer<typeof IntakeEventResponse>;

/** Every 4xx/5xx body. `code` is stable (and an i18n key on the client); `message` is for humans and logs. */
export const ApiError = z.object({
  code: z.string(),
  message: z.string(),
  details: z.unknown().optional(),
});
export type ApiError = z.infer<typeof ApiError>;

export const HealthResponse = z.object({
  ok: z.literal(true),
  version: z.string(),
  db: z.enum(['pglite', 'postgres']),
});
export type HealthResponse = z.infer<typeof HealthResponse>;

/** GET /api/demo, answered only by a server started in demo mode: what a login screen may offer. */
export const DemoInfo = z.object({
  accounts: z.array(z.object({ username: z.string(), password: z.string(), role: Role })),
  intakeKey: z.string(),
});
export type DemoInfo = z.infer<typeof DemoInfo>;

/** Names of the server-sent events on GET /api/sync/events. Pokes carry no data: the client pulls. */
export const LIVE_EVENTS = ['poke'] as const;
