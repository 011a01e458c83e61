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

/** The open case's header facts whose value runs past their column, named by their labels. */
export function caseFactOverflows(page: Page): Promise<string[]> {
  return page.evaluate(() =>
    [...document.querySelectorAll('.cd-case .cd-case-fact')].flatMap((fact) => {
      const right = fact.getBoundingClientRect().right;
      const spill = [...fact.querySelectorAll('dd *')].some(
        (el) => el.getBoundingClientRect().right > right + 0.5,
      );
      return spill ? [fact.querySelector('dt')?.textContent ?? '?'] : [];
    }),
  );
}

/**
 * Queue rows on screen whose second line is laid out wrong: the priority tag, the customer and the
 * SLA clock must sit side by side, none under another, the clock inside the row. Layout only shows
 * in a real browser. Returns one line per fault (ticket id and what collides).
 */
export function queueRowCollisions(page: Page): Promise<string[]> {
  return page.evaluate(() => {
    const faults: string[] = [];
    for (const row of document.querySelectorAll<HTMLElement>('[role="option"][data-ticket-id]')) {
      const line = row.querySelectorAll('.cd-queue-line')[1];
      if (!line) continue;
      const parts = ['.cd-tag', '.cd-queue-customer', '.cd-sla-clock']
        .map((selector) => [selector, line.querySelector(selector)] as const)
        .filter((entry): entry is readonly [string, Element] => entry[1] !== null)
        .map(([selector, el]) => [selector, el.getBoundingClientRect()] as const);
      const id = row.dataset['ticketId'];
      for (let i = 0; i + 1 < parts.length; i++) {
        const [a, boxA] = parts[i]!;
        const [b, boxB] = parts[i + 1]!;
        if (boxA.right > boxB.left + 0.5) faults.push(`${id}: ${a} runs under ${b}`);
      }
      const last = parts.at(-1);
      if (last && last[1].right > row.getBoundingClientRect().right + 0.5)
        faults.push(`${id}: ${last[0]} leaves the row`);
    }
    return faults;
  });
}
