import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import type { Customer } from '@shared/domain/index.ts';
import { maskField } from '@shared/privacy/mask.ts';
import { normalisePhone } from '@shared/privacy/normalisePhone.ts';
import type { PrivacyField, SealedCustomer, SealedValue } from '@shared/privacy/sealed.ts';
import { PRIVACY_FIELDS } from '@shared/privacy/sealed.ts';
import type { SealedText, SealedTicketEvent, TextFieldName } from '@shared/privacy/sealedText.ts';
import type { TicketEvent } from '@shared/domain/index.ts';
import type { PatchOp, SealedPatchOp } from '@shared/sync/protocol.ts';
import type { KeyStore } from '../keyStore/keyStore.ts';
import { DATA_KEY_BYTES } from '../keyStore/keyStore.ts';
import type { Envelope } from './envelope.ts';
import { createIvSource } from './ivSource.ts';
import {
  CURRENT_ENVELOPE_VERSION,
  envelopeHeader,
  formatEnvelope,
  IV_BYTES,
  pad,
  parseEnvelope,
  TAG_BYTES,
  unpad,
  VaultError,
} from './envelope.ts';
import type { DataKey, Keyring } from './keyring.ts';
import type { OpenedText } from './textSealer.ts';
import { createTextSealer } from './textSealer.ts';
import {
  generateKeyring,
  MAX_DATA_KEYS,
  newDataKey,
  parseKeyring,
  serializeKeyring,
  zeroKeyring,
} from './keyring.ts';

const CIPHER = 'aes-256-gcm';
/** SealedValue.masked is capped at 256 characters by the shared schema. */
const MASK_MAX = 256;
const PHONE_INDEX_DOMAIN = 'caredesk/phone-index/v1\0';

export interface Vault {
  /** The current data key's id (a short hash of the key, not the key). Throws vault_wiped after a wipe. */
  readonly keyId: string;
  /** True between `destroy()` and `reinitialise()`: nothing opens or seals. */
  readonly wiped: boolean;
  /** Every key id the vault can open, current first. */
  keyIds(): string[];
  /** Seals under the current key as a v2 envelope. */
  seal(recordId: string, field: string, plaintext: string): string;
  /**
   * Opens a v1 or v2 envelope made under any key of the ring. Throws VaultError: vault_malformed,
   * vault_unsupported_version, vault_truncated, vault_wrong_key (no such key here), vault_tampered
   * (altered, or moved to another record or field), vault_wiped (its key was destroyed).
   */
  open(recordId: string, field: string, sealed: string): string;
  /** True when `rewrap` would change anything: a v1 envelope or one under a previous key. */
  needsRewrap(sealed: string): boolean;
  /** Opens and seals again under the current key (v2). The record and field must be the ones it was sealed for. */
  rewrap(recordId: string, field: string, sealed: string): string;
  /** Makes a new current key (saved through the key store before use); older envelopes still open. Returns its id. */
  rotate(): Promise<string>;
  /** The blind index of a phone number (see PhoneIndex), or null when it is not a phone number. */
  phoneIndex(phone: string): string | null;
  sealCustomer(customer: Customer): SealedCustomer;
  /**
   * Free text (textSealer.ts): the text with every detected span masked, and when anything was masked
   * one envelope of the original bound to `recordId` + `field`. Text without a detected span comes
   * back as it is, with no envelope (nothing in it to protect).
   */
  sealText(recordId: string, field: TextFieldName, text: string): SealedText;
  /** Opens a sealed text: the original and its spans. Throws VaultError like `open` (and vault_malformed). */
  openText(recordId: string, field: string, sealed: string): OpenedText;
  /** Every free-text field of the event sealed (shared EVENT_TEXT_FIELDS), bound to the event id. */
  sealEvent(event: TicketEvent): SealedTicketEvent;
  /** Customers' privacy fields and events' free text sealed; other ops as they are. */
  sealPatch(patch: readonly PatchOp[]): SealedPatchOp[];
  /**
   * Crypto-shredding: zeroes every key in memory at once (nothing opens from here on), then has the
   * key store destroy its copy. Envelopes made under these keys can never be opened again.
   */
  destroy(): Promise<void>;
  /** After a wipe: a brand-new keyring (new data and index keys), saved, so sealing can resume. */
  reinitialise(): Promise<void>;
}

export interface VaultOptions {
  now?: () => number;
}

/**
 * Loads the keyring from the key store, creating and saving a fresh one the first time, and upgrading
 * a pre-keyring store (one bare data key: it stays, so v1 envelopes open, and gains an index key).
 * Create one vault per key store and share it: two vaults racing on an empty store would each save
 * a different keyring.
 */
export async function createVault(keyStore: KeyStore, options: VaultOptions = {}): Promise<Vault> {
  const now = options.now ?? Date.now;
  return vaultOver(keyStore, await loadOrCreateKeyring(keyStore, now), now);
}

async function saveKeyring(keyStore: KeyStore, ring: Keyring): Promise<void> {
  const material = serializeKeyring(ring);
  try {
    await keyStore.save(material);
  } finally {
    material.fill(0);
  }
}

async function loadOrCreateKeyring(keyStore: KeyStore, now: () => number): Promise<Keyring> {
  const material = await keyStore.load();
  if (!material) {
    const ring = generateKeyring(now());
    await saveKeyring(keyStore, ring);
    return ring;
  }
  let parsed;
  try {
    parsed = parseKeyring(material);
  } finally {
    material.fill(0);
  }
  if (parsed.kind === 'keyring') return parsed.ring;
  const upgraded: Keyring = { current: parsed.dataKey, previous: [], indexKey: randomBytes(DATA_KEY_BYTES) };
  await saveKeyring(keyStore, upgraded);
  return upgraded;
}

/** The record and field are authenticated with the value, so a ciphertext moved elsewhere fails to open. */
function associatedData(
  envelope: Pick<Envelope, 'version' | 'keyId'>,
  recordId: string,
  field: string,
): Buffer {
  if (envelope.version === 'v1') return Buffer.from(`${recordId}:${field}`, 'utf8');
  // v2: an unambiguous encoding that also binds the header, so no part of the envelope can be swapped.
  return Buffer.from(JSON.stringify(['caredesk-vault', 'v2', envelope.keyId, recordId, field]), 'utf8');
}

function vaultOver(keyStore: KeyStore, initial: Keyring, now: () => number): Vault {
  let ring: Keyring | null = initial;
  /** Ids of destroyed keys (not secret): their envelopes say vault_wiped rather than wrong key. */
  const shredded = new Set<string>();
  let queue: Promise<unknown> = Promise.resolve();
  const nextIv = createIvSource(IV_BYTES);

  /** Key store writes one at a time, so a rotation and a wipe never interleave. */
  function exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = queue.then(task, task);
    queue = run.catch(() => undefined);
    return run;
  }

  function live(): Keyring {
    if (!ring) throw new VaultError('vault_wiped', 'This device was wiped: its keys are destroyed.');
    return ring;
  }

  function keyFor(keyId: string): DataKey {
    if (shredded.has(keyId)) {
      throw new VaultError(
        'vault_wiped',
        `Sealed value was made with key ${keyId}, destroyed when this device was wiped.`,
      );
    }
    const current = live();
    const found = [current.current, ...current.previous].find((k) => k.id === keyId);
    if (!found) {
      throw new VaultError(
        'vault_wrong_key',
        `Sealed value was made with key ${keyId}, which this vault does not hold (it holds ${current.current.id}).`,
      );
    }
    return found;
  }

  function seal(recordId: string, field: string, plaintext: string): string {
    const { current } = live();
    const header = { version: CURRENT_ENVELOPE_VERSION, keyId: current.id };
    // A fresh random IV per value: GCM loses both secrecy and integrity if an IV ever repeats under one key.
    const iv = nextIv();
    const cipher = createCipheriv(CIPHER, current.key, iv, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(header, recordId, field));
    const ciphertext = Buffer.concat([cipher.update(pad(Buffer.from(plaintext, 'utf8'))), cipher.final()]);
    return formatEnvelope({ ...header, iv, ciphertext, tag: cipher.getAuthTag() });
  }

  function open(recordId: string, field: string, sealed: string): string {
    const envelope = parseEnvelope(sealed);
    const { key } = keyFor(envelope.keyId);
    const decipher = createDecipheriv(CIPHER, key, envelope.iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(associatedData(envelope, recordId, field));
    decipher.setAuthTag(envelope.tag);
    let plaintext: Buffer;
    try {
      plaintext = Buffer.concat([decipher.update(envelope.ciphertext), decipher.final()]);
    } catch {
      throw new VaultError(
        'vault_tampered',
        `Sealed value for ${field} failed authentication: it was altered, truncated, or belongs to another record or field.`,
      );
    }
    return (envelope.version === 'v1' ? plaintext : unpad(plaintext)).toString('utf8');
  }

  function needsRewrap(sealed: string): boolean {
    const header = envelopeHeader(sealed);
    return header.version !== CURRENT_ENVELOPE_VERSION || header.keyId !== live().current.id;
  }

  function phoneIndex(phone: string): string | null {
    const normalised = normalisePhone(phone);
    if (normalised === null) return null;
    return createHmac('sha256', live().indexKey)
      .update(PHONE_INDEX_DOMAIN + normalised, 'utf8')
      .digest('base64url');
  }

  function sealValue(recordId: string, field: PrivacyField, value: string | null): SealedValue | null {
    if (value === null) return null;
    return { masked: maskField(field, value).slice(0, MASK_MAX), sealed: seal(recordId, field, value) };
  }

  function sealCustomer(customer: Customer): SealedCustomer {
    const rest: Record<string, unknown> = { ...customer };
    const pii: Record<string, SealedValue | null> = {};
    for (const field of PRIVACY_FIELDS) {
      pii[field] = sealValue(customer.id, field, customer[field]);
      delete rest[field];
    }
    const index = phoneIndex(customer.phone);
    return {
      ...(rest as Omit<Customer, PrivacyField>),
      pii: pii as SealedCustomer['pii'],
      ...(index === null ? {} : { phoneIndex: index }),
    };
  }

  const texts = createTextSealer({ seal, open });

  function sealPatch(patch: readonly PatchOp[]): SealedPatchOp[] {
    return patch.map((op) => {
      if (op.op !== 'put') return op;
      if (op.entity === 'customer') return { ...op, value: sealCustomer(op.value) };
      if (op.entity === 'event') return { ...op, value: texts.sealEvent(op.value) };
      return op;
    });
  }

  return {
    get keyId() {
      return live().current.id;
    },
    get wiped() {
      return ring === null;
    },
    keyIds: () => (ring ? [ring.current, ...ring.previous].map((k) => k.id) : []),
    seal,
    open,
    needsRewrap,
    rewrap: (recordId, field, sealed) => seal(recordId, field, open(recordId, field, sealed)),
    rotate: () =>
      exclusive(async () => {
        const before = live();
        if (before.previous.length + 2 > MAX_DATA_KEYS) {
          throw new Error(
            `The keyring already holds ${MAX_DATA_KEYS} keys: rewrap and retire old ones first.`,
          );
        }
        const next: Keyring = {
          current: newDataKey(now()),
          previous: [before.current, ...before.previous],
          indexKey: before.indexKey,
        };
        await saveKeyring(keyStore, next);
        if (ring !== before) {
          // Wiped while saving: the wipe's key store destroy is queued behind us and removes this save.
          next.current.key.fill(0);
          throw new VaultError('vault_wiped', 'This device was wiped during key rotation.');
        }
        ring = next;
        return next.current.id;
      }),
    phoneIndex,
    sealCustomer,
    sealText: texts.sealText,
    openText: texts.openText,
    sealEvent: texts.sealEvent,
    sealPatch,
    async destroy() {
      // Synchronously first: from this line on nothing in this process can open a sealed value,
      // whatever happens to the key store or the renderer's databases afterwards.
      if (ring) {
        for (const k of [ring.current, ...ring.previous]) shredded.add(k.id);
        zeroKeyring(ring);
        ring = null;
      }
      await exclusive(() => keyStore.destroy());
    },
    reinitialise: () =>
      exclusive(async () => {
        if (ring) return;
        // Always new keys, never a reload: if the wipe's destroy had failed, reloading would resurrect them.
        const fresh = generateKeyring(now());
        await saveKeyring(keyStore, fresh);
        ring = fresh;
      }),
  };
}
