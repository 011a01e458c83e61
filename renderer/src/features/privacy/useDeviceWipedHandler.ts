import type { CareDeskApi } from '@shared/api/contract.ts';
import { useEffect } from 'react';
import { wipeLocalData } from './wipeLocalData.ts';

/**
 * When the main process reports `privacy.wiped` (this window or another asked for it), delete the
 * local databases and run `onWiped` (reset the UI to the login screen). Mount once, at the app root.
 */
export function useDeviceWipedHandler(api: CareDeskApi, onWiped: () => void): void {
  useEffect(
    () =>
      api.on('privacy.wiped', () => {
        void wipeLocalData()
          .catch(() => undefined)
          .finally(onWiped);
      }),
    [api, onWiped],
  );
}
