/**
 * The sandboxed preload: exposes `window.caredesk`, built from the shared contract, and nothing else —
 * never ipcRenderer, never a generic invoke. Bundled into one CJS file (vite.preload.config.ts)
 * because a sandboxed preload can only require('electron') and a few Node shims.
 */
import { contextBridge, ipcRenderer } from 'electron';
import { buildApi } from '@shared/api/contract.ts';
import { ApiCallError } from '@shared/api/errors.ts';
import { ipcEventChannel, ipcMethodChannel } from './ipc/channels.ts';

const api = buildApi(
  async (channel, input) => {
    try {
      return await ipcRenderer.invoke(ipcMethodChannel(channel), input);
    } catch (err) {
      // The message holds the ApiCallError wire form behind Electron's "Error invoking remote method"
      // prefix. contextBridge copies only an Error's message, so rethrow the bare wire form; the
      // renderer recovers `code` and `details` with ApiCallError.from(err).
      throw new Error(ApiCallError.from(err).toWireMessage(), { cause: err });
    }
  },
  (event, listener) => {
    const channel = ipcEventChannel(event);
    // The IpcRendererEvent is dropped: passing it to the page would hand over `sender` (ipcRenderer).
    const forward = () => listener();
    ipcRenderer.on(channel, forward);
    return () => {
      ipcRenderer.removeListener(channel, forward);
    };
  },
);

contextBridge.exposeInMainWorld('caredesk', api);
