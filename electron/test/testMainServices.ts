import { afterEach } from 'vitest';
import { createSoftwareKeyStore } from '../services/keyStore/softwareKeyStore.ts';
import { createMainServices, type MainServices, type MainServicesOptions } from '../services/mainServices.ts';

/** Reconnects and heartbeats fast enough for a test to see them. */
export const TEST_LIVE_TUNING = { initialDelayMs: 5, maxDelayMs: 20, heartbeatTimeoutMs: 5_000 };

const started: MainServices[] = [];
afterEach(async () => {
  await Promise.all(started.splice(0).map((s) => s.dispose()));
});

/**
 * Main-process services as the Electron main builds them, against a fake sync server's `fetch`, with
 * an in-memory key store and fast live-channel timings; `overrides` replace any option. Disposed after
 * each test.
 */
export function createTestMainServices(
  fetch: MainServicesOptions['fetch'],
  overrides: Partial<MainServicesOptions> = {},
): MainServices {
  const main = createMainServices({
    serverUrl: 'http://sync.test',
    keyStore: createSoftwareKeyStore({ memory: true }),
    fetch,
    host: 'electron',
    version: 'test',
    liveTuning: TEST_LIVE_TUNING,
    ...overrides,
  });
  started.push(main);
  return main;
}
