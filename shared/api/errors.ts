import { ApiError } from './http.ts';

/**
 * Codes the renderer can act on (each is also an i18n key `errors.<code>`). Servers may send others;
 * they pass through unchanged, so treat this list as the known subset, not a closed set.
 */
export const API_ERROR_CODES = [
  'invalid_input',
  'invalid_credentials',
  'not_logged_in',
  'session_expired',
  'server_unreachable',
  'bad_server_response',
  'bad_request',
  'server_error',
  'mutation_gap',
  'client_too_old',
  'storage_full',
  'vault_unavailable',
  'unknown_method',
  'forbidden',
  'internal',
] as const;
export type KnownApiErrorCode = (typeof API_ERROR_CODES)[number];

/**
 * Electron's IPC and contextBridge keep only an Error's message when they copy it across, so the
 * wire form of an ApiCallError is its message: this marker followed by the JSON body.
 */
const WIRE_MARKER = 'CareDeskApiError:';

/**
 * The one error a contract call rejects with, in both hosts. Over HTTP it travels as the ApiError body
 * (`toBody`); over IPC as `toWireMessage`. `ApiCallError.from` turns either back into this class.
 */
export class ApiCallError extends Error {
  override readonly name = 'ApiCallError';

  constructor(
    readonly code: string,
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  toBody(): ApiError {
    return this.details === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, details: this.details };
  }

  /** `[code] <marker>{json}`: the bracketed code keeps logs readable; `from` reads the JSON. */
  toWireMessage(): string {
    return `[${this.code}] ${WIRE_MARKER}${JSON.stringify(this.toBody())}`;
  }

  /**
   * Recovers the typed error from whatever a transport delivered: an ApiCallError, an ApiError body,
   * or an Error whose message carries the wire form (possibly behind Electron's
   * "Error invoking remote method …" prefix). Anything else becomes `internal`.
   */
  static from(err: unknown): ApiCallError {
    if (err instanceof ApiCallError) return err;
    // Only plain bodies: Node's own errors also have `code` and `message`, and must not pass as ours.
    if (!(err instanceof Error)) {
      const body = ApiError.safeParse(err);
      if (body.success) return new ApiCallError(body.data.code, body.data.message, body.data.details);
    }
    const message = err instanceof Error ? err.message : typeof err === 'string' ? err : '';
    const at = message.indexOf(WIRE_MARKER);
    if (at >= 0) {
      try {
        const wire = ApiError.safeParse(JSON.parse(message.slice(at + WIRE_MARKER.length)));
        if (wire.success) return new ApiCallError(wire.data.code, wire.data.message, wire.data.details);
      } catch {
        // Not our wire form after all: fall through to `internal`.
      }
    }
    return new ApiCallError('internal', 'Something went wrong.');
  }
}
