import type { Browser, Page } from 'playwright-core';

/** A fresh browser context (its own IndexedDB) signed in as a demo account, the queue on screen. */
export async function signIn(browser: Browser, url: string, username: string): Promise<Page> {
  const context = await browser.newContext({ viewport: { width: 1440, height: 960 }, locale: 'zh-CN' });
  const page = await context.newPage();
  page.on('pageerror', (err) => {
    throw err;
  });
  await page.goto(url);
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill(`demo-${username}`);
  await page.getByRole('button', { name: '登录', exact: true }).click();
  await page.getByRole('listbox', { name: '工单队列列表' }).getByRole('option').first().waitFor();
  return page;
}

/** Opens a ticket from the queue; `number` searches for it first (the list is virtualized). */
export async function openTicket(page: Page, ticket: { id: string; number?: string }): Promise<void> {
  if (ticket.number) await page.getByRole('textbox', { name: '搜索工单号或标题' }).fill(ticket.number);
  const row = page.locator(`[role="option"][data-ticket-id="${ticket.id}"]`);
  await row.waitFor({ timeout: 15_000 });
  await row.click();
  // A case opens once its read is done (openCase): wait for this one, not just the pane.
  await page.locator(`.cd-case [data-case-id="${ticket.id}"]`).waitFor({ timeout: 15_000 });
}
