import { fileURLToPath } from 'node:url';
import { sep } from 'node:path';

export interface RequestPolicyOptions {
  /** Absolute path of the built renderer (dist/renderer); only files inside it may load. */
  rendererDir: string;
  devServerOrigin?: string;
}

/**
 * "No remote content": the window may load its own built files, inline data: images, DevTools, and
 * in development the Vite dev server. Everything else — any http(s) host, other local files — is
 * cancelled before it is requested. (The sync server is reached by the main process, not the page.)
 */
export function createRequestPolicy(options: RequestPolicyOptions): (url: string) => boolean {
  const root = options.rendererDir.endsWith(sep) ? options.rendererDir : options.rendererDir + sep;
  const devOrigins = options.devServerOrigin
    ? new Set([options.devServerOrigin, options.devServerOrigin.replace(/^http/, 'ws')])
    : new Set<string>();
  return (raw) => {
    let url: URL;
    try {
      url = new URL(raw);
    } catch {
      return false;
    }
    switch (url.protocol) {
      case 'file:':
        try {
          return fileURLToPath(url).startsWith(root);
        } catch {
          return false;
        }
      case 'data:':
      case 'devtools:':
        return true;
      default:
        return devOrigins.has(url.origin);
    }
  };
}
