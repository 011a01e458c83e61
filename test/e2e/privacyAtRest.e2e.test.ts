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

/** Not secret: the ticket's subject is stored in plaintext by design, so the scan must find it. */
const SUBJECT = '静态扫描对照：精华液用后泛红咨询';

/**
 * What the desktop keeps on disk after a real session: a customer's personal data is synced into a
 * Chromium profile on disk through the browser host, the case is opened and three values are revealed,
 * the browser is closed, and then every byte of the profile and of the host's data folder is searched
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
        body: '精华液用了两天，脸上有点泛红，想咨询一下怎么处理。',
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
      await page.getByRole('button', { name: button }).first().click();
      const dialog = page.getByRole('dialog');
      await dialog.getByRole('radio', { name: '回拨客户' }).check();
      await dialog.getByRole('button', { name: '查看' }).click();
      await page.getByRole('group', { name: group }).first().getByText(value).waitFor();
    }
    // Closed only when the header says online (not syncing): no pull is half-applied to the cache.
    await page.waitForFunction(
      () => document.querySelector('[data-sync-state]')?.getAttribute('data-sync-state') === 'online',
      undefined,
      { timeout: 15_000 },
    );
    expect(pageErrors).toEqual([]);
    await context.close();
    context = null;

    const secrets = Object.entries(SEEDED).map(([label, value]) => ({ label, value }));
    const controls = [
      { label: 'subject', value: SUBJECT },
      { label: 'ticket number', value: number },
      // The masks sit in the same customer row as the envelopes: the scan can read that row.
      { label: 'phone mask', value: maskPhone(SEEDED.phone) },
      { label: 'address mask', value: maskAddress(SEEDED.address) },
    ];
    const scan = await scanForPlaintext([profileDir, hostDataDir], [...secrets, ...controls]);
    expect(scan.files).toBeGreaterThan(10);
    const found = (label: string) => scan.hits.filter((h) => h.label === label);
    // Positive control: IndexedDB was written to disk and the scan reads it.
    expect(found('subject').some((h) => /IndexedDB/.test(h.file))).toBe(true);
    expect(found('ticket number').length).toBeGreaterThan(0);
    expect(found('phone mask').some((h) => /IndexedDB/.test(h.file))).toBe(true);
    expect(found('address mask').some((h) => /IndexedDB/.test(h.file))).toBe(true);
    // Labels and file names only: a failure must not print the values it found.
    expect(scan.hits.filter((h) => secrets.some((s) => s.label === h.label))).toEqual([]);
  });
});
