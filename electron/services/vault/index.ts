export type { Vault, VaultOptions } from './vault.ts';
export { createVault } from './vault.ts';
export type { VaultErrorCode } from './envelope.ts';
export { VaultError } from './envelope.ts';
