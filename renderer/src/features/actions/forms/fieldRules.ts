import type { FormRule as Rule } from 'antd';
import { TrackingNo } from '@shared/domain/index.ts';
import type { TFunction } from 'i18next';

/** A required free text (reason, description…): whitespace alone does not count. */
export function requiredText(message: string): Rule[] {
  return [{ required: true, whitespace: true, message }];
}

/** Optional tracking number in the shared TrackingNo shape. */
export function trackingRule(t: TFunction): Rule {
  return {
    validator: async (_, value: string | undefined) => {
      if (value && value.trim() && !TrackingNo.safeParse(value).success)
        throw new Error(t('actions.fields.trackingFormat'));
    },
  };
}

/** Empty text → null, else trimmed. */
export function orNull(value: string | undefined | null): string | null {
  const v = value?.trim() ?? '';
  return v === '' ? null : v;
}
