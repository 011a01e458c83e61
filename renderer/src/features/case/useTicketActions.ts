import { App } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { useWorkspace } from '../../app/services.tsx';
import { LocalMutationError } from '../../sync/localMutators.ts';
import { replyErrorKey } from '../composer/replyErrorKey.ts';

/**
 * The actions an agent takes on a ticket from anywhere in the workspace (queue shortcut `c`, case
 * header): one hook so the queue and the case view run the same mutation and say the same things.
 */
export interface TicketActions {
  /** Take the ticket: assign it to the signed-in agent (the server decides races). */
  claim(ticketId: string): Promise<void>;
}

export function useTicketActions(): TicketActions {
  const { message } = App.useApp();
  const { t } = useTranslation();
  const { engine } = useWorkspace();
  return useMemo(
    () => ({
      claim: async (ticketId: string) => {
        try {
          await engine.mutate('claimTicket', { ticketId });
          void message.success(t('case.actions.claimed'));
        } catch (err) {
          // Refused locally (already someone else's, closed): nothing was queued; say why.
          if (err instanceof LocalMutationError) {
            const { displayName = '', at } = (err.details ?? {}) as { displayName?: string; at?: number };
            const time = at ? new Date(at).toLocaleTimeString() : '';
            void message.warning(t(replyErrorKey(err), { displayName, time }));
            return;
          }
          throw err;
        }
      },
    }),
    [engine, message, t],
  );
}
