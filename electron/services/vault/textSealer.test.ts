import { describe, expect, it } from 'vitest';
import type { TicketEvent } from '@shared/domain/index.ts';
import { SealedText, SealedTicketEvent } from '@shared/privacy/sealedText.ts';
import { SealedPatchOp } from '@shared/sync/protocol.ts';
import { createSoftwareKeyStore } from '../keyStore/softwareKeyStore.ts';
import type { VaultErrorCode } from './envelope.ts';
import { VaultError } from './envelope.ts';
import { createVault } from './vault.ts';

const EVENT_ID = '0f9e8d7c-6b5a-4938-8271-6f5e4d3c2b1a';
const OTHER_ID = '1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d';
const TICKET_ID = '9e8d7c6b-5a49-4382-9171-605f4e3d2c1b';
const BODY =
  '请回电13812345678或0755-87654321，退款到卡6222021234567890128，邮箱li.na@163.com，' +
  '身份证11010119900307002X，寄到广东省深圳市南山区科技园南路18号5栋，运单SF1234567890123';
const SECRETS = [
  '13812345678',
  '87654321',
  '6222021234567890128',
  'li.na@163.com',
  '11010119900307002X',
  '科技园南路18号5栋',
];

const freshVault = () => createVault(createSoftwareKeyStore({ memory: true }));

function codeOf(fn: () => unknown): VaultErrorCode {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(VaultError);
    return (err as VaultError).code;
  }
  throw new Error('expected a VaultError');
}

function message(body: string, id = EVENT_ID): TicketEvent {
  return {
    id,
    ticketId: TICKET_ID,
    kind: 'message',
    direction: 'inbound',
    channel: 'chat',
    body,
    authorType: 'customer',
    authorId: null,
    createdAt: 1,
  };
}

describe('sealing free text', () => {
  it('masks every span, notes where each mask is, and opens to the original with its spans', async () => {
    const vault = await freshVault();
    const sealed = SealedText.parse(vault.sealText(EVENT_ID, 'body', BODY));
    for (const secret of SECRETS) {
      expect(sealed.masked).not.toContain(secret);
      expect(JSON.stringify(sealed.ref)).not.toContain(secret);
    }
    expect(sealed.masked).toContain('138****5678');
    expect(sealed.masked).toContain('运单SF1234567890123'); // not personal data: stays
    const ref = sealed.ref!;
    expect(ref.spans.map((s) => s.kind)).toEqual([
      'mobile',
      'landline',
      'bank_card',
      'email',
      'id_number',
      'address',
    ]);
    expect(ref.spans.map((s) => sealed.masked.slice(s.start, s.end))).toEqual([
      '138****5678',
      '0755-****4321',
      '****0128',
      'l***@163.com',
      '1****************X',
      '广东省深圳市南山区****',
    ]);
    const opened = vault.openText(EVENT_ID, 'body', ref.sealed);
    expect(opened.text).toBe(BODY);
    expect(opened.spans.map((s) => opened.text.slice(s.start, s.end))).toEqual([
      '13812345678',
      '0755-87654321',
      '6222021234567890128',
      'li.na@163.com',
      '11010119900307002X',
      '广东省深圳市南山区科技园南路18号5栋',
    ]);
  });

  it('keeps text without personal data as it is, with no envelope', async () => {
    const vault = await freshVault();
    expect(vault.sealText(EVENT_ID, 'body', '物流三天没有更新，请帮忙催件')).toEqual({
      masked: '物流三天没有更新，请帮忙催件',
      ref: null,
    });
  });

  it('swapped event id or field, tampered, truncated or foreign → a clear VaultError, never garbage', async () => {
    const vault = await freshVault();
    const { sealed } = vault.sealText(EVENT_ID, 'body', BODY).ref!;
    expect(codeOf(() => vault.openText(OTHER_ID, 'body', sealed))).toBe('vault_tampered');
    expect(codeOf(() => vault.openText(EVENT_ID, 'summary', sealed))).toBe('vault_tampered');
    expect(codeOf(() => vault.openText(EVENT_ID, 'draft', sealed))).toBe('vault_tampered');
    const bytes = Buffer.from(sealed.split('.')[2]!, 'base64url');
    const [v, kid] = sealed.split('.') as [string, string];
    const flipped = Buffer.from(bytes);
    flipped[20] = flipped[20]! ^ 1;
    expect(
      codeOf(() => vault.openText(EVENT_ID, 'body', `${v}.${kid}.${flipped.toString('base64url')}`)),
    ).toBe('vault_tampered');
    const cut = bytes.subarray(0, bytes.length - 40).toString('base64url');
    expect(codeOf(() => vault.openText(EVENT_ID, 'body', `${v}.${kid}.${cut}`))).toBe('vault_truncated');
    expect(codeOf(() => vault.openText(EVENT_ID, 'body', sealed.slice(0, 10)))).toBe('vault_malformed');
    // A customer field's envelope is not a sealed text (and is bound elsewhere anyway).
    const field = vault.seal(EVENT_ID, 'body', '13812345678');
    expect(codeOf(() => vault.openText(EVENT_ID, 'body', field))).toBe('vault_malformed');
    const other = await freshVault();
    expect(codeOf(() => other.openText(EVENT_ID, 'body', sealed))).toBe('vault_wrong_key');
  });

  it('becomes unreadable when the vault is destroyed (wipe)', async () => {
    const vault = await freshVault();
    const { sealed } = vault.sealText(EVENT_ID, 'body', BODY).ref!;
    await vault.destroy();
    expect(codeOf(() => vault.openText(EVENT_ID, 'body', sealed))).toBe('vault_wiped');
    expect(codeOf(() => vault.sealText(EVENT_ID, 'body', BODY))).toBe('vault_wiped');
    await vault.reinitialise();
    expect(codeOf(() => vault.openText(EVENT_ID, 'body', sealed))).toBe('vault_wiped');
  });

  it('seals every free-text field of events in a pull patch, bound to the event id', async () => {
    const vault = await freshVault();
    const call: TicketEvent = {
      id: OTHER_ID,
      ticketId: TICKET_ID,
      kind: 'call',
      direction: 'outbound',
      durationSec: 60,
      wrapUpCode: null,
      summary: '客户留了新号码13912345678',
      authorType: 'agent',
      authorId: null,
      createdAt: 2,
    };
    const plain = message('您好，订单什么时候发货');
    const patch = vault.sealPatch([
      { op: 'put', entity: 'event', value: message(BODY) },
      { op: 'put', entity: 'event', value: call },
      { op: 'put', entity: 'event', value: plain },
    ]);
    for (const op of patch) expect(SealedPatchOp.safeParse(op).success).toBe(true);
    const wire = JSON.stringify(patch);
    for (const secret of [...SECRETS, '13912345678']) expect(wire).not.toContain(secret);
    const [sealedMessage, sealedCall, sealedPlain] = patch.map((op) =>
      SealedTicketEvent.parse((op as { value: unknown }).value),
    );
    expect(vault.openText(EVENT_ID, 'body', sealedMessage!.sealedText!.body!.sealed).text).toBe(BODY);
    expect(sealedCall).toMatchObject({ summary: '客户留了新号码139****5678' });
    expect(vault.openText(OTHER_ID, 'summary', sealedCall!.sealedText!.summary!.sealed).text).toBe(
      call.summary,
    );
    expect(sealedPlain).toEqual(plain);
  });
});
