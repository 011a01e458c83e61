import type { Browser, Page } from 'playwright-core';
import { startBrowserHost, type BrowserHost } from '../../electron/browser-host/startBrowserHost.ts';
import { startServer } from '../../server/src/app.ts';
import { loadConfig } from '../../server/src/config.ts';
import { DEMO_INTAKE_KEY } from '../../server/src/seed/demoAccounts.ts';
import { seedDemoData } from '../../server/src/seed/seedDemoData.ts';
import { launchChromium, screenshotPath } from './support/chromium.ts';
import { openTicket, signIn } from './support/workspace.ts';

type Server = Awaited<ReturnType<typeof startServer>>;

/**
 * An after-sales case from claim to resolution in real Chromium through the browser host: agent1
 * claims an unassigned ticket of her team, replies, opens a return with a tracking number, the
 * carrier's feed reports the parcel received, she resolves the ticket; agent2 of the same team sees
 * all of it. Screens in zh-CN and en.
 */
describe('after-sales flow in the browser', () => {
  let server: Server;
  let host: BrowserHost;
  let browser: Browser;

  beforeAll(async () => {
    const config = {
      ...loadConfig({}, ['--in-memory', '--demo', '--port', '0']),
      logLevel: 'silent' as const,
    };
    server = await startServer(config, {
      beforeListen: async ({ db }) => {
        await seedDemoData(db, { tickets: 120, seed: 5 });
        // The demo seed assigns every ticket; free one with an order, as a fresh case would be.
        await db.query(
          `update tickets set assignee_id = null, assigned_at = null where id = (
             select t.id from tickets t
               join orders o on o.id = t.order_id and o.customer_id = t.customer_id
               join agents a on a.username = 'agent1' and a.team_id = t.team_id
             where t.status in ('new', 'open') order by t.number limit 1)`,
        );
      },
    });
    host = await startBrowserHost({ port: 0, serverUrl: server.url, dataDir: null });
    browser = await launchChromium();
  });

  afterAll(async () => {
    await browser?.close();
    await host?.close();
    await server?.close();
  });

  /** An unassigned open ticket of agent1's team whose order belongs to its customer. */
  async function returnableTicket(): Promise<{ id: string; number: string; orderNo: string }> {
    const { rows } = await server.db.query<{ id: string; number: string; order_no: string }>(
      `select t.id, t.number, o.order_no from tickets t
         join orders o on o.id = t.order_id and o.customer_id = t.customer_id
         join agents a on a.username = 'agent1' and a.team_id = t.team_id
       where t.assignee_id is null and t.status in ('new', 'open')
       order by t.number limit 1`,
    );
    expect(rows[0]).toBeDefined();
    return { id: rows[0]!.id, number: rows[0]!.number, orderNo: rows[0]!.order_no };
  }

  /**
   * Opens one action's dialog from the actions menu. A live update landing while the menu opens (the
   * colleague's presence, a pull) can swallow the click, as it would for an agent: try again.
   */
  async function runAction(page: Page, action: string): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      await page.getByRole('region', { name: '售后操作' }).getByRole('button', { name: '售后操作' }).click();
      await page.getByRole('menuitem', { name: action }).click();
      try {
        await page.getByRole('dialog', { name: action }).waitFor({ timeout: 5_000 });
        return;
      } catch (err) {
        if (attempt === 3) throw err;
        await page.keyboard.press('Escape');
      }
    }
  }

  it('claims, replies, runs a return with tracking, resolves; a colleague sees it all', async () => {
    const ticket = await returnableTicket();
    const alice = await signIn(browser, host.url, 'agent1');
    await openTicket(alice, ticket);
    const caseView = alice.getByRole('region', { name: '工单详情' });

    // c claims (outside any text box).
    await caseView.getByRole('heading').first().click();
    await alice.keyboard.press('c');
    await caseView.getByText('由我负责').waitFor();

    const reply = '您好，已为您登记退货，请按短信里的退货地址寄回，收到后三个工作日内退款。';
    await alice.getByRole('textbox', { name: '回复内容' }).fill(reply);
    await alice.getByRole('button', { name: '发送', exact: true }).click();
    const timeline = alice.getByRole('region', { name: '处理记录' });
    await timeline.getByText(reply).waitFor();

    await runAction(alice, '退货/换货');
    const dialog = alice.getByRole('dialog', { name: '退货/换货' });
    const rmaNo = (await dialog.getByTestId('rma-number').innerText()).trim();
    expect(rmaNo).toMatch(/^RMA-\d{6}-[0-9A-Z]{6}$/);
    await dialog.getByLabel('原因').fill('尺码偏小，客户要求退货');
    await dialog.getByLabel('承运商').fill('顺丰速运');
    await dialog.getByLabel('运单号').fill('SF1234567890');
    await dialog.getByRole('button', { name: '确定' }).click();
    await dialog.waitFor({ state: 'hidden' });
    await timeline.getByText(rmaNo).first().waitFor();

    // Once the return reached the server, the carrier's feed reports the parcel at the warehouse.
    await expect
      .poll(
        async () => {
          const { rows } = await server.db.query(
            `select 1 from ticket_events where kind = 'return_request' and payload->>'rmaNo' = $1`,
            [rmaNo],
          );
          return rows.length;
        },
        { timeout: 15_000 },
      )
      .toBe(1);
    const feed = await fetch(`${host.serverUrl}/api/intake/logistics`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': DEMO_INTAKE_KEY },
      body: JSON.stringify({ externalId: `sf-${rmaNo}-1`, rmaNo, status: 'received', carrier: '顺丰速运' }),
    });
    expect(feed.status).toBe(201);
    await timeline.getByText(`物流更新 ${rmaNo}：仓库已签收`).waitFor({ timeout: 15_000 });

    // A colleague has the case open while it is being resolved.
    const bob = await signIn(browser, host.url, 'agent2');
    await openTicket(bob, ticket);
    const bobTimeline = bob.getByRole('region', { name: '处理记录' });
    await bobTimeline.getByText(reply).waitFor({ timeout: 15_000 });

    await runAction(alice, '变更状态');
    const statusDialog = alice.getByRole('dialog', { name: '变更状态' });
    await statusDialog.getByRole('combobox', { name: '新状态' }).click();
    await alice.locator('.ant-select-item-option', { hasText: '已解决' }).click();
    await statusDialog.getByRole('button', { name: '确定' }).click();
    await statusDialog.waitFor({ state: 'hidden' });
    await timeline.getByText('已解决').first().waitFor();
    await alice.screenshot({ path: screenshotPath('after-sales-zh-CN'), fullPage: false });

    // The server holds it: resolved, hers, with the return and the reply.
    const { rows } = await server.db.query<{ status: string; kinds: string[] }>(
      `select t.status, array_agg(e.kind order by e.created_at) as kinds
         from tickets t join ticket_events e on e.ticket_id = t.id where t.id = $1 group by t.status`,
      [ticket.id],
    );
    expect(rows[0]!.status).toBe('resolved');
    expect(rows[0]!.kinds).toEqual(expect.arrayContaining(['message', 'return_request', 'logistics_update']));

    await bobTimeline.getByText(rmaNo).first().waitFor();
    await bobTimeline.getByText('已解决').first().waitFor({ timeout: 15_000 });
    await bob.screenshot({ path: screenshotPath('after-sales-second-agent-zh-CN'), fullPage: false });

    await bob.getByRole('combobox', { name: '界面语言' }).click();
    await bob.getByRole('option', { name: 'English' }).click();
    await bob.getByRole('button', { name: 'Sign out' }).waitFor();
    await bob
      .getByRole('region', { name: 'Timeline' })
      .getByText(`Logistics ${rmaNo}`, { exact: false })
      .first()
      .waitFor();
    await bob.keyboard.press('Escape');
    await bob.getByRole('option', { name: 'English' }).waitFor({ state: 'hidden' });
    await bob.screenshot({ path: screenshotPath('after-sales-second-agent-en'), fullPage: false });
  });
});
