export interface CspOptions {
  /**
   * The Vite dev server origin while developing. Vite's React refresh preamble is an inline script
   * and HMR uses a WebSocket, so dev relaxes exactly those two directives; production never does.
   */
  devServerOrigin?: string;
}

/**
 * The page's Content-Security-Policy, for both the Electron window and the browser host. Styles allow
 * 'unsafe-inline' because antd's CSS-in-JS injects <style> tags at runtime; scripts never do.
 */
export function contentSecurityPolicy(options: CspOptions = {}): string {
  const dev = options.devServerOrigin;
  const devSocket = dev ? dev.replace(/^http/, 'ws') : undefined;
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': dev ? ["'self'", "'unsafe-inline'", dev] : ["'self'"],
    'style-src': ["'self'", "'unsafe-inline'"],
    'connect-src': dev && devSocket ? ["'self'", dev, devSocket] : ["'self'"],
    'img-src': ["'self'", 'data:'],
    'font-src': ["'self'", 'data:'],
    'object-src': ["'none'"],
    'frame-src': ["'none'"],
    'base-uri': ["'none'"],
    'form-action': ["'none'"],
    'frame-ancestors': ["'none'"],
  };
  return Object.entries(directives)
    .map(([name, sources]) => `${name} ${sources.join(' ')}`)
    .join('; ');
}
