import type { Resources } from '../../i18n/locales/zh-CN.ts';
import { zhCN } from '../../i18n/locales/zh-CN.ts';
import { errorCode } from '../../api/apiError.ts';

type RejectCode = keyof Resources['sync']['reject'];

/** `sync.reject.<code>` for a mutation that could not be applied locally. */
export function replyErrorKey(err: unknown): `sync.reject.${RejectCode}` {
  const code = errorCode(err);
  return code in zhCN.sync.reject
    ? (`sync.reject.${code}` as `sync.reject.${RejectCode}`)
    : 'sync.reject.unknown';
}
