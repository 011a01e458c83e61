import { ApiCallError } from '@shared/api/errors.ts';

/**
 * An error answer from the browser host: the shared ApiCallError (code, message, details) plus the
 * HTTP status. Network failures carry the code `network`.
 */
export class CareDeskApiError extends ApiCallError {
  readonly status: number | null;

  constructor(code: string, message: string, options: { status?: number | null; details?: unknown } = {}) {
    super(code, message, options.details);
    this.status = options.status ?? null;
  }
}

const CODE_PATTERN = /^[a-z][a-z0-9_.]{1,63}$/;

function messageOf(err: unknown): string {
  if (typeof err === 'string') return err;
  const message = (err as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : '';
}

/** The shared wire form (`[code] CareDeskApiError:{json}`), which survives Electron IPC. */
function fromWire(err: unknown): ApiCallError | null {
  return messageOf(err).includes('CareDeskApiError:') ? ApiCallError.from(err) : null;
}

/**
 * The stable code of any thrown value (`errors.<code>` in i18n). Errors crossing Electron IPC keep
 * only their message, so besides a `code` property we read the shared wire form, a message that is
 * a code, starts with `code:` or `[code]`, or embeds `{"code":"…"}`.
 */
export function errorCode(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && CODE_PATTERN.test(code)) return code;
  const wire = fromWire(err);
  if (wire) return wire.code;
  const message = err instanceof Error ? err.message : '';
  const json = /\{.*"code"\s*:\s*"([a-z][a-z0-9_.]{1,63})".*\}/.exec(message);
  if (json?.[1]) return json[1];
  const match = /(?:^|Error: |\[)([a-z][a-z0-9_]{2,63})(?:[:\]]|$)/.exec(message);
  if (match?.[1]) return match[1];
  return 'unknown';
}

/** The `details` an error carries (e.g. `{ expected }` of a mutation gap), if any. */
export function errorDetails(err: unknown): unknown {
  if (err && typeof err === 'object' && 'details' in err && err.details !== undefined) return err.details;
  return fromWire(err)?.details;
}

/** True when the failure means "could not reach the other side" rather than "it said no". */
export function isNetworkError(err: unknown): boolean {
  const code = errorCode(err);
  return (
    code === 'network' || code === 'offline' || code === 'server_unreachable' || err instanceof TypeError
  );
}
