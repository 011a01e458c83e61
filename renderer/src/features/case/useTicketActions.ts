import { App } from 'antd';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';

/**
 * The actions an agent takes on a ticket from anywhere in the workspace (queue shortcut `c`, case
 * header). One hook so the queue and the case view call the same thing: the claim mutation lands
 * here when it exists; until then `claim` tells the agent it is not available and changes nothing.
 */
export interface TicketActions {
  /** Take the ticket: assign it to the signed-in agent. */
  claim(ticketId: string): void;
}

export function useTicketActions(): TicketActions {
  const { message } = App.useApp();
  const { t } = useTranslation();
  return useMemo(
    () => ({
      claim: (_ticketId: string) => {
        void message.info(t('case.actions.claimUnavailable'));
      },
    }),
    [message, t],
  );
}
