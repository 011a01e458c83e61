import type { Browser } from 'playwright-core';
import { startBrowserHost, type BrowserHost } from '../../electron/browser-host/startBrowserHost.ts';
import { DEMO_INTAKE_KEY } from '../../server/src/seed/demoAccounts.ts';
import { launchChromium, screenshotPath } from './support/chromium.ts';
import { caseFactOverflows, openTicket, queueRowCollisions, signIn } from './support/workspace.ts';

/**
 * The foundation's round trip in real Chromium through the browser host: two agents of one team sign
 * in in separate browser contexts; a ticket opened by a channel system appears in the first agent's
 * queue without a reload; her reply shows at once and reaches the second agent.
 */
describe('browser host round trip', () => {
  let host: BrowserHost;
  let browser: Browser;

  beforeAll(async () => {
    host = await startBrowserHost({
      port: 0,
      embedded: { dataDir: null, demoTickets: 120, seed: 3 },
      dataDir: null,
    });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
  });

  it('signs in, receives an intake ticket live, replies, and a second agent sees the reply', async () => {
    const alice = await signIn(browser, host.url, 'agent1');
    const bob = await signIn(browser, host.url, 'agent2');
    await alice.screenshot({ path: screenshotPath('queue-zh-CN'), fullPage: false });

    const response = await fetch(`${host.serverUrl}/api/intake/tickets`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': DEMO_INTAKE_KEY },
      body: JSON.stringify({
        channel: 'marketplace',
        externalId: `e2e-${Date.now()}`,
        customer: { name: '司马婉清', phone: '13711112222', email: null },
        subject: '面霜用后脸颊发红刺痛',
        body: '用了三天，脸颊发红还有刺痛感，实在无法接受，请问还能继续用吗？',
        // Health, strong emotion and a complaint: the longest priority tag a queue row shows.
        category: 'complaint',
      }),
    });
    expect(response.status).toBe(201);
    const { ticketId } = (await response.json()) as { ticketId: string };

    // Live: the poke brings it into the open page, no reload.
    await openTicket(alice, { id: ticketId });
    // Its long priority tag is cut short in the queue, the customer and the SLA clock readable beside
    // it, and wraps in the case header rather than running past its column.
    expect(await queueRowCollisions(alice)).toEqual([]);
    expect(await caseFactOverflows(alice)).toEqual([]);
    const caseView = alice.getByRole('region', { name: '工单详情' });
    await expect(caseView.getByText('面霜用后脸颊发红刺痛').first().isVisible()).resolves.toBe(true);
    await expect(caseView.getByText('137****2222').first().isVisible()).resolves.toBe(true);
    expect(await alice.content()).not.toContain('13711112222');

    const reply = '您好，请先停止使用并用清水洗脸，我们已为您登记，稍后专员会致电跟进。';
    await alice.getByRole('textbox', { name: '回复内容' }).fill(reply);
    await alice.getByRole('button', { name: '发送', exact: true }).click();
    const timeline = alice.getByRole('region', { name: '处理记录' });
    await timeline.getByText(reply).waitFor();
    await alice.screenshot({ path: screenshotPath('case-zh-CN'), fullPage: false });

    await openTicket(bob, { id: ticketId });
    await bob.getByRole('region', { name: '处理记录' }).getByText(reply).waitFor({ timeout: 15_000 });
    await bob.screenshot({ path: screenshotPath('case-second-agent-zh-CN'), fullPage: false });

    // The same screen in English: every label comes from i18n.
    await bob.getByRole('combobox', { name: '界面语言' }).click();
    await bob.getByRole('option', { name: 'English' }).click();
    await bob.getByRole('button', { name: 'Sign out' }).waitFor();
    await bob.getByRole('region', { name: 'Timeline' }).getByText(reply).waitFor();
    await bob.keyboard.press('Escape');
    await bob.screenshot({ path: screenshotPath('case-second-agent-en'), fullPage: false });
  });
});
