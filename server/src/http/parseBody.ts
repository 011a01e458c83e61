import type { z } from 'zod';
import { HttpError } from './errors.ts';

/**
 * Turns a request body into the schema's typed value or a 400. Issues name the path and the rule,
 * never the rejected value (it may be a password or a phone number).
 */
export function parseBody<S extends z.ZodType>(schema: S, body: unknown): z.output<S> {
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const details = result.error.issues.map((issue) => ({
    path: issue.path.map(String).join('.'),
    code: issue.code,
    message: issue.message,
  }));
  throw new HttpError(400, 'invalid_input', 'The request body is invalid', details);
}
