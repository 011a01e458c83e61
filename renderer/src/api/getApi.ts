import type { CareDeskApi } from '@shared/api/contract.ts';
import { createBrowserHostApi } from './browserHostApi.ts';

declare global {
  interface Window {
    /** Exposed by the Electron preload (contextBridge); absent in the browser host. */
    caredesk?: CareDeskApi;
  }
}

let cached: CareDeskApi | null = null;

/** The one way the renderer reaches the main process: the preload's object, or the browser host. */
export function getApi(): CareDeskApi {
  cached ??= window.caredesk ?? createBrowserHostApi();
  return cached;
}
