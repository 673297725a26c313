// The run form's tag and the waiting page's explanation (issue 19) in a real browser against the
// real stack: a run asking for a tag bit no pool offers waits, and the page says why (the tag
// clause, how many pool orders fail it) and what would match (drop the bit).
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { jsonSafe } from '@proofgrid/sdk';
import { type Stack, setupMarket, startStack } from '@proofgrid/testkit';
import { buildWebApp, startWebServer } from '../server.ts';
import { launchBrowser } from './launchBrowser.ts';

const T = 60_000; // every wait is for page text, never a sleep

describe('why a run waits, in a real browser', { timeout: 300_000 }, () => {
  let stack: Stack;
  let web: Awaited<ReturnType<typeof startWebServer>>;
  let browser: Browser;
  let page: Page;
  let app: bigint;
  before(async () => {
    const [s, , b] = await Promise.all([startStack({ workers: 1 }), buildWebApp(), launchBrowser()]);
    stack = s;
    browser = b;
    ({ app } = await setupMarket(stack));
    web = await startWebServer({ deployment: jsonSafe(stack.deployment) as Record<string, unknown>, marketUrl: stack.market.url });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(T);
  });
  after(async () => {
    await browser?.close();
    await web?.close();
    await stack?.stop();
  });

  test('a run with a tag no pool offers: the page names the clause, the count and the fix', async () => {
    await page.goto(`${web.url}/#/wallet`);
    await page.getByLabel('Dev account (local devnet)').selectOption('requester');
    await page.getByTestId('balance-escrow').waitFor({ timeout: T });
    await page.goto(`${web.url}/#/app/${app}`);
    await page.getByRole('heading', { name: /^Run / }).waitFor({ timeout: T });
    await page.getByLabel('Tasks in the bag', { exact: true }).fill('2');
    await page.getByLabel(/^Tag bits the pool must offer/).fill('3');
    await page.getByRole('button', { name: 'Buy the run' }).click();
    await page.waitForURL(/#\/run\/0x[0-9a-f]{64}$/, { timeout: T });
    const fix = page.getByTestId('why-fix');
    await fix.filter({ hasText: 'drop tag bit 3' }).waitFor({ timeout: T });
    const pools = (await stack.market.listOrders({ kind: 'workerpool', status: 'open' })).length;
    const row = page.getByRole('row', { name: /workerpool tag/ });
    assert.match((await row.textContent()) ?? '', new RegExp(`^workerpooltag${pools} of ${pools}drop tag bit 3$`));
    assert.match((await page.getByTestId('why-summary').textContent()) ?? '', /no workerpool order fits \(tag fails/);
  });
});
