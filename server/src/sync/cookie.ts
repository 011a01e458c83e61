import { z } from 'zod';
import { SYNCED_ENTITIES, type SyncedEntity } from '@shared/sync/protocol.ts';

/**
 * A position in commit order: every change with (version, entity, id) <= this has been sent.
 * `key` is null at a version boundary; it is set when a chunked pull stopped in the middle of a
 * version (one seed batch or a big import writes thousands of rows under one version).
 */
export interface SyncPosition {
  epoch: string;
  version: number;
  key: { entity: SyncedEntity; id: string } | null;
}

/** Order of entities within one version: referenced rows before the rows that reference them. */
export const ENTITY_ORDER: readonly SyncedEntity[] = ['agent', 'customer', 'order', 'ticket', 'event'];
export const entityRank = (entity: SyncedEntity) => ENTITY_ORDER.indexOf(entity);

const Wire = z.object({
  e: z.uuid(),
  v: z.number().int().nonnegative(),
  k: z
    .string()
    .regex(new RegExp(`^(${SYNCED_ENTITIES.join('|')}):[0-9a-f-]{36}$`))
    .nullable(),
});

/** Opaque to clients: base64url JSON {e: epoch, v: version, k: "entity:id" | null}. */
export function encodeCookie(pos: SyncPosition): string {
  const k = pos.key ? `${pos.key.entity}:${pos.key.id}` : null;
  return Buffer.from(JSON.stringify({ e: pos.epoch, v: pos.version, k })).toString('base64url');
}

/** The position a cookie names, or null when it is not one of ours. */
export function decodeCookie(cookie: string): SyncPosition | null {
  try {
    const parsed = Wire.safeParse(JSON.parse(Buffer.from(cookie, 'base64url').toString('utf8')));
    if (!parsed.success) return null;
    const { e, v, k } = parsed.data;
    if (k === null) return { epoch: e, version: v, key: null };
    const split = k.indexOf(':');
    return {
      epoch: e,
      version: v,
      key: { entity: k.slice(0, split) as SyncedEntity, id: k.slice(split + 1) },
    };
  } catch {
    return null;
  }
}
