import type { ApiHandlers, ApiMethodRef } from '@shared/api/contract.ts';
import { API_METHODS } from '@shared/api/contract.ts';
import { ApiCallError } from '@shared/api/errors.ts';

export type ApiDispatcher = (channel: string, rawInput: unknown) => Promise<unknown>;

export interface DispatcherOptions {
  /** Errors that are not ApiCallErrors are bugs: reported here (name and message only), sent as `internal`. */
  onUnexpectedError?: (channel: string, err: unknown) => void;
}

const METHODS = new Map<string, ApiMethodRef>(API_METHODS.map((ref) => [ref.channel, ref]));

/**
 * The one validate-and-dispatch step both transports share (IPC and the browser host): look the
 * channel up in the contract, parse the input with its schema, call the handler, and make sure
 * whatever escapes is an ApiCallError. The transport does its own caller check first.
 */
export function createApiDispatcher(handlers: ApiHandlers, options: DispatcherOptions = {}): ApiDispatcher {
  return async (channel, rawInput) => {
    const ref = METHODS.get(channel);
    if (!ref) throw new ApiCallError('unknown_method', `There is no API method "${channel}".`);
    const parsed = ref.input.safeParse(rawInput ?? {});
    if (!parsed.success) {
      // Paths and messages only: zod can echo the rejected values, and those may be passwords.
      const issues = parsed.error.issues.map((issue) => ({
        path: issue.path.map(String),
        message: issue.message,
      }));
      throw new ApiCallError('invalid_input', `Invalid input for ${channel}.`, { issues });
    }
    const namespace = handlers[ref.namespace] as Record<string, (input: unknown) => Promise<unknown>>;
    const handler = namespace[ref.method];
    try {
      if (!handler) throw new Error(`No handler registered for ${channel}`);
      return await handler(parsed.data);
    } catch (err) {
      if (err instanceof ApiCallError) throw err;
      options.onUnexpectedError?.(channel, err);
      throw new ApiCallError('internal', 'Something went wrong in the CareDesk main process.');
    }
  };
}

/** The default reporter: never the input, never the stack's locals, just what failed where. */
export function logUnexpectedError(channel: string, err: unknown): void {
  const summary = err instanceof Error ? `${err.name}: ${err.message}` : typeof err;
  console.error(`[caredesk] ${channel} failed unexpectedly — ${summary}`);
}
