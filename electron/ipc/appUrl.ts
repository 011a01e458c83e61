/**
 * Decides whether a frame URL is the app's own page. A file:// app matches on the exact file (so
 * another local HTML file is not trusted); a dev-server app matches on origin. Query and hash never
 * matter: the renderer routes with them.
 */
export function createAppUrlCheck(appUrl: string): (frameUrl: string) => boolean {
  const app = new URL(appUrl);
  return (frameUrl) => {
    let frame: URL;
    try {
      frame = new URL(frameUrl);
    } catch {
      return false;
    }
    if (app.protocol === 'file:') return frame.protocol === 'file:' && frame.pathname === app.pathname;
    return frame.origin === app.origin;
  };
}
