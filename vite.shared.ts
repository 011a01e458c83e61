import { fileURLToPath } from 'node:url';

/** The one alias every build and test config shares: `@shared/…` is the pure `shared/` folder. */
export const sharedAlias = {
  '@shared': fileURLToPath(new URL('./shared', import.meta.url)),
};
