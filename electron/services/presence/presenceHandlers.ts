import type { ApiHandlers } from '@shared/api/contract.ts';
import type { ServerClient } from '../serverClient.ts';
import type { PresenceReporter } from './presenceReporter.ts';

/**
 * presence.set / presence.get. Presence is online-only and never worth an error on screen: a report
 * that cannot be sent is retried by the heartbeat, and a list that cannot be read is empty.
 */
export function createPresenceHandlers(deps: {
  client: Pick<ServerClient, 'presenceOf'>;
  reporter: PresenceReporter;
  requireSession: () => void;
}): ApiHandlers['presence'] {
  return {
    async set(input) {
      deps.requireSession();
      await deps.reporter.set({ ticketId: input.ticketId, typing: input.typing });
      return { ok: true as const };
    },
    async get(input) {
      deps.requireSession();
      try {
        return await deps.client.presenceOf(input.ticketId);
      } catch {
        return { entries: [] };
      }
    },
  };
}
