import { useCallback } from 'react';
import { useWorkspace } from '../../app/services.tsx';
import { useAppStore } from '../../store/index.ts';
import { openCase } from '../case/openCase.ts';
import { screenPop, type ScreenPopResult } from './screenPop.ts';

/**
 * `pop(phone)`: finds the caller and opens their ticket in the case view, with the customer 360
 * panel unfolded. The header's "incoming call" control uses it; telephony events can too.
 */
export function useScreenPop(): (phone: string) => Promise<ScreenPopResult> {
  const { api, db } = useWorkspace();
  const setCustomerPanelCollapsed = useAppStore((s) => s.setCustomerPanelCollapsed);
  return useCallback(
    async (phone: string) => {
      const result = await screenPop(api, db, phone);
      if (result.kind === 'ticket') {
        await openCase(db, result.ticket.id);
        setCustomerPanelCollapsed(false);
      }
      return result;
    },
    [api, db, setCustomerPanelCollapsed],
  );
}
