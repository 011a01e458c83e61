import type { ApiHandlers } from '@shared/api/contract.ts';
import { API_EVENTS, API_METHODS } from '@shared/api/contract.ts';
import { ApiCallError } from '@shared/api/errors.ts';
import type { DispatcherOptions } from '../services/dispatchApiCall.ts';
import { createApiDispatcher } from '../services/dispatchApiCall.ts';
import type { ApiEventSource } from '../services/eventHub.ts';
import { ipcEventChannel, ipcMethodChannel } from './channels.ts';

/** The parts of Electron's IpcMainInvokeEvent this module reads. */
export interface IpcInvokeEventLike {
  senderFrame: { url: string; parent?: unknown } | null;
}

/** The parts of Electron's ipcMain this module uses, so tests can pass a fake. */
export interface IpcMainLike {
  handle(
    channel: string,
    listener: (event: IpcInvokeEventLike, ...args: unknown[]) => Promise<unknown>,
  ): void;
  removeHandler(channel: string): void;
}

export interface WebContentsLike {
  send(channel: string): void;
  isDestroyed(): boolean;
}

export interface RegisterIpcOptions extends DispatcherOptions {
  ipcMain: IpcMainLike;
  handlers: ApiHandlers;
  events: ApiEventSource;
  /** True only for the app's own page (see createAppUrlCheck). */
  isAppUrl: (frameUrl: string) => boolean;
  /** The window to forward events to; null while there is none. */
  target: () => WebContentsLike | null;
}

/**
 * Registers one `ipcMain.handle` per contract method (never a generic channel). Each call is
 * refused unless it comes from the top frame of the app's own page, then goes through the shared
 * validate-and-dispatch step. Returns the function that unregisters everything.
 */
export function registerIpc(options: RegisterIpcOptions): () => void {
  const dispatch = createApiDispatcher(options.handlers, options);

  for (const ref of API_METHODS) {
    options.ipcMain.handle(ipcMethodChannel(ref.channel), async (event, input) => {
      try {
        const frame = event.senderFrame;
        const trusted = frame !== null && !frame.parent && options.isAppUrl(frame.url);
        if (!trusted)
          throw new ApiCallError('forbidden', 'This API is only available to the CareDesk window.');
        return await dispatch(ref.channel, input);
      } catch (err) {
        // ipcMain keeps only an Error's message on the way to the renderer: carry the code inside it.
        throw new Error(ApiCallError.from(err).toWireMessage(), { cause: err });
      }
    });
  }

  const unsubscribes = API_EVENTS.map((name) =>
    options.events.on(name, () => {
      const target = options.target();
      if (target && !target.isDestroyed()) target.send(ipcEventChannel(name));
    }),
  );

  return () => {
    for (const ref of API_METHODS) options.ipcMain.removeHandler(ipcMethodChannel(ref.channel));
    for (const unsubscribe of unsubscribes) unsubscribe();
  };
}
