import { pathToFileURL } from 'node:url';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createRequestPolicy } from './allowedRequests.ts';
import { contentSecurityPolicy } from './contentSecurityPolicy.ts';

describe('content security policy', () => {
  it('is strict in production: scripts and connections only from the app itself', () => {
    const csp = contentSecurityPolicy();
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    expect(csp).toContain("style-src 'self' 'unsafe-inline'");
    expect(csp).toContain("connect-src 'self';");
    expect(csp).toContain("img-src 'self' data:");
    expect(csp).toContain("object-src 'none'");
  });

  it('relaxes only scripts and the HMR socket for a dev server', () => {
    const csp = contentSecurityPolicy({ devServerOrigin: 'http://localhost:5173' });
    expect(csp).toContain("script-src 'self' 'unsafe-inline' http://localhost:5173");
    expect(csp).toContain("connect-src 'self' http://localhost:5173 ws://localhost:5173");
  });
});

describe('request policy (no remote content)', () => {
  const rendererDir = join('/opt', 'CareDesk', 'dist', 'renderer');
  const allowed = createRequestPolicy({ rendererDir });

  it('allows the built renderer, data: images and DevTools', () => {
    expect(allowed(pathToFileURL(join(rendererDir, 'assets', 'index-abc.js')).href)).toBe(true);
    expect(allowed('data:image/png;base64,AAAA')).toBe(true);
    expect(allowed('devtools://devtools/bundled/inspector.html')).toBe(true);
  });

  it('blocks the web, other local files and sibling folders with a shared prefix', () => {
    expect(allowed('https://cdn.example.com/x.js')).toBe(false);
    expect(allowed('http://127.0.0.1:4700/api/sync/pull')).toBe(false);
    expect(allowed(pathToFileURL('/etc/passwd').href)).toBe(false);
    expect(allowed(pathToFileURL(join('/opt', 'CareDesk', 'dist', 'renderer-evil', 'a.js')).href)).toBe(
      false,
    );
  });

  it('allows the dev server (and its socket) only when one is configured', () => {
    const dev = createRequestPolicy({ rendererDir, devServerOrigin: 'http://localhost:5173' });
    expect(dev('http://localhost:5173/src/main.tsx')).toBe(true);
    expect(dev('ws://localhost:5173/')).toBe(true);
    expect(allowed('http://localhost:5173/src/main.tsx')).toBe(false);
  });
});
