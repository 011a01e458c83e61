import { zhCN, type Resources } from './locales/zh-CN.ts';

type ErrorCode = keyof Resources['errors'];

/** The i18n key for an error code (`errors.<code>`), falling back to the generic message. */
export function errorMessageKey(code: string): `errors.${ErrorCode}` {
  return code in zhCN.errors ? (`errors.${code}` as `errors.${ErrorCode}`) : 'errors.unknown';
}
