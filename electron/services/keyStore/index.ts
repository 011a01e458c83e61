export type { KeyStore, KeyStoreErrorCode } from './keyStore.ts';
export { KeyStoreError } from './keyStore.ts';
export type { SafeStorageLike, SafeStorageKeyStoreOptions } from './safeStorageKeyStore.ts';
export { createSafeStorageKeyStore } from './safeStorageKeyStore.ts';
export type { SoftwareKeyStoreOptions } from './softwareKeyStore.ts';
export { createSoftwareKeyStore } from './softwareKeyStore.ts';
