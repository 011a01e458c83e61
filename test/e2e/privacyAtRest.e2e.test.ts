import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { startBrowserHost, type BrowserHost } from '../../electron/browser-host/startBrowserHost.ts';
import { startEmbeddedServer, type EmbeddedServer } from '../../electron/browser-host/embeddedServer.ts';
import { writeTransaction } from '../../server/src/db/beginWrite.ts';
import { encryptField } from '../../server/src/privacy/fieldCipher.ts';
import { privacyKeys } from '../../server/src/privacy/keyring.ts';
import { DEMO_INTAKE_KEY } from '../../server/src/seed/demoAccounts.ts';
import { maskAddress, maskPhone } from '@shared/privacy/mask.ts';
import { launchPersistentChromium } from './support/chromium.ts';
import { scanForPlaintext } from './support/scanForPlaintext.ts';

/** One customer's personal data, each value distinctive enough that finding it on disk means a leak. */
const SEEDED = {
  name: '慕容雪晴',
  phone: '13957246813',
  email: 'murong.xueqing.e2e@example.com',
  address: '浙江省杭州市西湖区文三路2718号9栋1101室',
  idNumber: '330106199203157826',
  healthNotes: '对烟酰胺成分严重过敏，曾因面膜出现荨麻疹',
} as const;

/**
 * Personal data inside free text: the customer's message (through intake), the agent's reply (sent
 * from the composer) and a draft left in the composer. Each is sealed by the main process before the
 * renderer caches it (shared/privacy/sealedText.ts); the masks stay readable.
 */
const IN_MESSAGE = {
  bankCard: '6228481973056241901',
  idNumber: '440305198811225438',
  mobile: '15866137249',
  email: 'zhuge.body.e2e@example.com',
  street: '珠江新城华夏路4471号',
} as const;
const MESSAGE =
  `精华液用了两天，脸上有点泛红。退款请打到我的卡${IN_MESSAGE.bankCard}，身份证${IN_MESSAGE.idNumber}，` +
  `有事打${IN_MESSAGE.mobile}或邮箱${IN_MESSAGE.email}，换货寄到广东省广州市天河区${IN_MESSAGE.street}`;
const IN_REPLY = { mobile: '18677342951', street: '科华北路3306号' } as const;
const REPLY = `已登记新号码${IN_REPLY.mobile}，换货改寄四川省成都市武侯区${IN_REPLY.street}`;
const IN_DRAFT = { landline: '020-83924617' } as const;
const DRAFT = `稍后拨打座机${IN_DRAFT.landline}核实`;

/** Not secret: the ticket's subject is stored in plaintext by design, so the scan must find it. */
const SUBJECT = '静态扫描对照：精华液用后泛红咨询';

/**
 * What the desktop keeps on disk after a real session: a customer's personal data is synced into a
 * Chromium profile on disk through the browser host, the case is opened and three values are revealed,
 * as is one span of the customer's message; a reply with personal data is sent and another is left
 * as a draft; the browser is closed, and then every byte of the profile and of the host's data folder is searched
 * for each value (UTF-8 and UTF-16LE). The ticket's subject and number, which are not secret, must be
 * found: otherwise the scan could not see IndexedDB at all and its silence would prove nothing.
 */
describe('privacy at rest in the browser profile', () => {
  let server: EmbeddedServer;
  let host: BrowserHost;
  let context: BrowserContext | null = null;
  let profileDir: string;
  let hostDataDir: string;

  beforeAll(async () => {
    profileDir = await mkdtemp(join(tmpdir(), 'caredesk-e2e-profile-'));
    hostDataDir = await mkdtemp(join(tmpdir(), 'caredesk-e2e-host-'));
    server = await startEmbeddedServer({ dataDir: null, demoTickets: 30, seed: 9 });
    host = await startBrowserHost({ port: 0, serverUrl: server.url, dataDir: hostDataDir });
  });

  afterAll(async () => {
    await context?.close();
    await host?.close();
    await server?.close();
    await rm(profileDir, { recursive: true, force: true });
    await rm(hostDataDir, { recursive: true, force: true });
  });

  /** Through the intake route (name, phone, email), then the fields intake does not take, encrypted as the server does. */
  async function seedCustomerTicket(): Promise<{ ticketId: string; number: string }> {
    const response = await fetch(`${server.url}/api/intake/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': DEMO_INTAKE_KEY },
      body: JSON.stringify({
        channel: 'marketplace',
        externalId: `e2e-at-rest-${Date.now()}`,
        customer: { name: SEEDED.name, phone: SEEDED.phone, email: SEEDED.email },
        subject: SUBJECT,
        body: MESSAGE,
        category: 'after_sales',
      }),
    });
    expect(response.status).toBe(201);
    const { ticketId, number } = (await response.json()) as { ticketId: string; number: string };
    await writeTransaction(server.db, async (tx, stamp) => {
      const { rows } = await tx.query<{ customer_id: string }>(
        'select customer_id from tickets where id = $1',
        [ticketId],
      );
      const customerId = rows[0]!.customer_id;
      const seal = (column: string, value: string) =>
        encryptField(privacyKeys(), 'customers', column, customerId, value);
      await tx.query(
        `update customers set address = $2, id_number = $3, health_notes = $4, updated_at = $5, version = $6
         where id = $1`,
        [
          customerId,
          seal('address', SEEDED.address),
          seal('id_number', SEEDED.idNumber),
          seal('health_notes', SEEDED.healthNotes),
          stamp.now,
          stamp.version,
        ],
      );
    });
    return { ticketId, number };
  }

  it('leaves no seeded personal value in plaintext anywhere in the profile or the host data', async () => {
    const { ticketId, number } = await seedCustomerTicket();

    context = await launchPersistentChromium(profileDir);
    const page = context.pages()[0] ?? (await context.newPage());
    const pageErrors: string[] = [];
    page.on('pageerror', (err) => pageErrors.push(err.message));
    await page.goto(host.url);
    await page.getByLabel('用户名').fill('agent1');
    await page.getByLabel('密码').fill('demo-agent1');
    await page.getByRole('button', { name: '登录', exact: true }).click();

    const row = page.locator(`[role="option"][data-ticket-id="${ticketId}"]`);
    await row.waitFor({ timeout: 30_000 });
    await row.click();
    const caseView = page.getByRole('region', { name: '工单详情' });
    await caseView.waitFor();
    await caseView.getByText(SUBJECT).first().waitFor();

    // Use the values the case shows: reveal phone, address and name (each audited, shown for 30 s);
    // the ID number and the health note are synced and sealed but not on this screen.
    for (const [button, group, value] of [
      ['显示完整手机号', '完整手机号', SEEDED.phone],
      ['显示完整地址', '完整地址', SEEDED.address],
      ['显示完整姓名', '完整姓名', SEEDED.name],
    ] as const) {
      // The customer's fields (not the masks inside the message, which carry the same names).
      await page
        .getByRole('button', { name: button })
        .and(page.locator('button:not(.cd-masked-span)'))
        .first()
        .click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('radio', { name: '回拨客户' }).check();
      await dialog.getByRole('button', { name: '查看' }).click();
      await page.getByRole('group', { name: group }).getByText(value).waitFor();
    }
    // Free text: reveal one span of the customer's message (opened by the main process, audited there),
    // send a reply with personal data in it, and leave a draft with some in the composer.
    await caseView.locator('button.cd-masked-span', { hasText: '****1901' }).click();
    const dialog = page.getByRole('dialog');
    await dialog.getByRole('radio', { name: '回拨客户' }).check();
    await dialog.getByRole('button', { name: '查看' }).click();
    await page.getByRole('group', { name: '完整银行卡号' }).first().getByText(IN_MESSAGE.bankCard).waitFor();
    await page.getByRole('textbox', { name: '回复内容' }).fill(REPLY);
    await page.getByRole('button', { name: '发送', exact: true }).click();
    await caseView
      .getByText(/已登记新号码186\*\*\*\*2951/)
      .first()
      .waitFor();
    await page.getByRole('textbox', { name: '回复内容' }).fill(DRAFT);
    await page.waitForTimeout(1_500); // the draft is saved 300 ms after the last edit
    // Closed only when the header says online (not syncing): no pull is half-applied to the cache.
    await page.waitForFunction(
      () => document.querySelector('[data-sync-state]')?.getAttribute('data-sync-state') === 'online',
      undefined,
      { timeout: 15_000 },
    );
    expect(pageErrors).toEqual([]);
    await context.close();
    context = null;

    const secrets = [
      ...Object.entries(SEEDED).map(([label, value]) => ({ label, value })),
      ...Object.entries(IN_MESSAGE).map(([label, value]) => ({ label: `message ${label}`, value })),
      ...Object.entries(IN_REPLY).map(([label, value]) => ({ label: `reply ${label}`, value })),
      ...Object.entries(IN_DRAFT).map(([label, value]) => ({ label: `draft ${label}`, value })),
    ];
    const controls = [
      { label: 'subject', value: SUBJECT },
      { label: 'ticket number', value: number },
      // The masks sit in the same customer row as the envelopes: the scan can read that row.
      { label: 'phone mask', value: maskPhone(SEEDED.phone) },
      { label: 'address mask', value: maskAddress(SEEDED.address) },
      { label: 'message mask', value: '退款请打到我的卡****1901' },
    ];
    const scan = await scanForPlaintext([profileDir, hostDataDir], [...secrets, ...controls]);
    expect(scan.files).toBeGreaterThan(10);
    const found = (label: string) => scan.hits.filter((h) => h.label === label);
    // Positive control: IndexedDB was written to disk and the scan reads it.
    expect(found('subject').some((h) => /IndexedDB/.test(h.file))).toBe(true);
    expect(found('ticket number').length).toBeGreaterThan(0);
    expect(found('phone mask').some((h) => /IndexedDB/.test(h.file))).toBe(true);
    expect(found('address mask').some((h) => /IndexedDB/.test(h.file))).toBe(true);
    expect(found('message mask').some((h) => /IndexedDB/.test(h.file))).toBe(true);
    // Labels and file names only: a failure must not print the values it found.
    expect(scan.hits.filter((h) => secrets.some((s) => s.label === h.label))).toEqual([]);
  });
});
