import type { TFunction } from 'i18next';
import type { CachedOrder } from '../../../db/types.ts';

/** One option per distinct SKU of the given orders, labelled with the product name. */
export function skuOptions(orders: readonly CachedOrder[], t: TFunction) {
  const seen = new Map<string, string>();
  for (const order of orders)
    for (const item of order.items) if (!seen.has(item.sku)) seen.set(item.sku, item.name);
  return [...seen].map(([sku, name]) => ({
    value: sku,
    label: t('actions.fields.skuOption', { name, sku }),
  }));
}
