import { ApiCallError } from '@shared/api/errors.ts';
import { mutationTextFields, TextFieldName } from '@shared/privacy/sealedText.ts';
import type { PushRequest, SealedPushRequest } from '@shared/sync/protocol.ts';
import { PushRequest as PushRequestSchema } from '@shared/sync/protocol.ts';
import type { Vault } from '../vault/vault.ts';
import { vaultFailure } from './privacyHandlers.ts';

/**
 * The outbox as the server must receive it: each sealed free-text argument opened (bound to the
 * mutation's event id and the argument's name), `sealedText` dropped, and the result checked against
 * the strict mutation schemas. A sealed argument the mutation does not have, or one that does not
 * open, fails the whole push with a clear error; nothing half-opened goes out.
 */
export function openSealedMutations(vault: Pick<Vault, 'openText'>, request: SealedPushRequest): PushRequest {
  const mutations = request.mutations.map((mutation) => {
    const { sealedText, ...args } = mutation.args as Record<string, unknown> & {
      sealedText?: Partial<Record<TextFieldName, { sealed: string }>>;
    };
    if (!sealedText) return { ...mutation, args };
    const allowed = mutationTextFields(mutation.name);
    const eventId = args['eventId'];
    for (const [field, ref] of Object.entries(sealedText)) {
      const name = TextFieldName.safeParse(field);
      if (!ref || !name.success || !allowed.includes(name.data) || typeof eventId !== 'string') {
        throw new ApiCallError(
          'invalid_input',
          `Mutation ${mutation.id} has a sealed ${field} it cannot carry.`,
        );
      }
      try {
        args[field] = vault.openText(eventId, field, ref.sealed).text;
      } catch (err) {
        throw vaultFailure(err);
      }
    }
    return { ...mutation, args };
  });
  const parsed = PushRequestSchema.safeParse({ clientId: request.clientId, mutations });
  if (!parsed.success) {
    // Paths only: the messages could quote the opened text.
    const issues = parsed.error.issues.map((issue) => ({ path: issue.path.map(String) }));
    throw new ApiCallError('invalid_input', 'The opened outbox is not a valid push.', { issues });
  }
  return parsed.data;
}
