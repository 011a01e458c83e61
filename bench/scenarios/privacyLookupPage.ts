/**
 * The page side of the privacy-phone-lookup scenario, bundled by esbuild and evaluated in Chromium:
 * the renderer's own code (its Dexie schema, its caller lookup, its browser-host client), so what is
 * timed is the query the app runs, not a copy of it.
 */
import { createBrowserHostApi } from '../../renderer/src/api/browserHostApi.ts';
import { CareDeskDb } from '../../renderer/src/db/CareDeskDb.ts';
import { findCustomersByPhone } from '../../renderer/src/features/privacy/findCustomerByPhone.ts';

(globalThis as { __privacyBench?: unknown }).__privacyBench = {
  createBrowserHostApi,
  CareDeskDb,
  findCustomersByPhone,
};
