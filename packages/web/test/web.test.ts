// The marketplace web app in a real browser (Chromium from npm, driven by playwright-core) against
// the real stack: a local chain, the scheduler and worker processes. Screenshots of the main pages
// go to test-results/screenshots/ (PROOFGRID_UPDATE_SCREENSHOTS=1 also refreshes docs/screenshots/).
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Browser, Page } from 'playwright-core';
import { jsonSafe } from '@proofgrid/sdk';
import { type Stack, startStack } from '@proofgrid/testkit';
import { buildWebApp, startWebServer } from '../server.ts';
import { fakeWallet } from './fakeWallet.ts';
import { launchBrowser } from './launchBrowser.ts';

const WEB = resolve(import.meta.dirname, '..');
const ROOT = resolve(WEB, '../..');
const SHOTS = join(ROOT, 'test-results', 'screenshots');
const DOC_SHOTS = join(WEB, 'docs', 'screenshots');
const WASM = (app: string) => join(ROOT, 'examples', app, 'build', `${app}.wasm`);
const T = 60_000; // generous: the machine is shared; every wait is for page text, never a sleep

let stack: Stack;
let web: Awaited<ReturnType<typeof startWebServer>>;
let browser: Browser;
let page: Page;

async function shot(p: Page, name: string) {
  mkdirSync(SHOTS, { recursive: true });
  const file = join(SHOTS, `${name}.png`);
  await p.screenshot({ path: file, fullPage: true });
  const doc = join(DOC_SHOTS, `${name}.png`);
  if (process.env.PROOFGRID_UPDATE_SCREENSHOTS === '1' || (name === 'deal' && !existsSync(doc))) {
    mkdirSync(DOC_SHOTS, { recursive: true });
    copyFileSync(file, doc);
  }
}

/** Waits until the page shows `text` (string or pattern) somewhere visible. */
const see = (p: Page, text: string | RegExp, timeout = T) => p.getByText(text).first().waitFor({ state: 'visible', timeout });

async function pickDevAccount(p: Page, name: string) {
  await p.goto(`${web.url}/#/wallet`);
  await p.getByLabel('Dev account (local devnet)').selectOption(name);
  await see(p, new RegExp(`${name} \\(dev\\)`));
  await p.getByTestId('balance-escrow').waitFor({ timeout: T });
}

/** `_start` holds `v128.const 0; drop` (SIMD): V8 runs it, the provable machine refuses it. */
const SIMD_WASM =
  '0061736d01000000010401600000030201000503010001071302065f73746172740000066d656d6f727902000a17011500fd0c000000000000000000000000000000001a0b';

async function publishThroughPage(p: Page, app: string) {
  await p.goto(`${web.url}/#/publish`);
  await p.getByLabel('WebAssembly module (WASI, .wasm)').setInputFiles(WASM(app));
  await p.getByTestId('module-hash').waitFor({ timeout: T });
  await p.getByLabel('Name').fill(app);
  await p.getByLabel(/Price per task/).fill('0.01');
  await p.getByRole('button', { name: 'Register and publish' }).click();
  const published = p.getByTestId('published');
  await published.waitFor({ timeout: T });
  return Number(/app #(\d+)/.exec((await published.textContent()) ?? '')?.[1]);
}

async function runThroughPage(p: Page, appId: number, fields: Record<string, string>) {
  await p.goto(`${web.url}/#/app/${appId}`);
  await p.getByRole('heading', { name: /^Run / }).waitFor({ timeout: T });
  for (const [label, value] of Object.entries(fields)) await p.getByLabel(label, { exact: true }).fill(value);
  await p.getByRole('button', { name: 'Buy the run' }).click();
  await p.waitForURL(/#\/deal\/0x[0-9a-f]{64}$/, { timeout: T });
  await p.getByTestId('deal-status').filter({ hasText: 'completed' }).waitFor({ timeout: 120_000 });
  await p.getByTestId('results-verified').waitFor({ timeout: T });
}

describe('marketplace web app in a real browser', { timeout: 300_000 }, () => {
  before(async () => {
    // The modules to upload (an up-to-date build is skipped at once).
    execFileSync(process.execPath, [join(ROOT, 'examples', 'build.mjs'), 'montecarlo', 'renderer'], {
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const [s, , b] = await Promise.all([startStack({ workers: 2 }), buildWebApp(), launchBrowser()]);
    stack = s;
    browser = b;
    web = await startWebServer({ deployment: jsonSafe(stack.deployment) as Record<string, unknown>, marketUrl: stack.market.url });
    page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.setDefaultTimeout(T);
  });

  after(async () => {
    await browser?.close();
    await web?.close();
    await stack?.stop();
  });

  test('picks a funded dev account and shows its balances', async () => {
    await pickDevAccount(page, 'requester');
    assert.match((await page.getByTestId('balance-wallet').textContent()) ?? '', /1,000,000 /);
    assert.match((await page.getByTestId('balance-escrow').textContent()) ?? '', /^0 /);
  });

  test('deposits into the escrow', async () => {
    await page.getByLabel(/^Amount/).fill('50');
    await page.getByRole('button', { name: 'Deposit' }).click();
    await see(page, 'Deposited 50 ');
    await page.getByTestId('balance-escrow').filter({ hasText: /^50 / }).waitFor();
    await page.getByLabel(/^Amount/).fill('5');
    await page.getByRole('button', { name: 'Withdraw' }).click();
    await see(page, 'Withdrew 5 ');
    await page.getByTestId('balance-escrow').filter({ hasText: /^45 / }).waitFor();
    await shot(page, 'wallet');
  });

  let montecarlo = 0;
  let dealUrl = '';
  test('publishes an app: uploads the wasm, shows its content hash, registers it and publishes an order', async () => {
    montecarlo = await publishThroughPage(page, 'montecarlo');
    assert.ok(montecarlo > 0);
    const hash = await page.getByTestId('module-hash').textContent();
    assert.match(hash ?? '', /^0x[0-9a-f]{64}$/);
    await shot(page, 'publish');
    await page.goto(`${web.url}/#/`);
    await page.getByRole('heading', { name: /montecarlo/ }).waitFor();
    await page.getByRole('tab', { name: /Workerpools/ }).click();
    await page.getByText(/2 workers online/).click();
    await see(page, 'Reputation');
    await shot(page, 'store-pools');
    await page.getByRole('tab', { name: /Apps/ }).click();
    await page.getByLabel(/^Search/).fill('no-such-app');
    await see(page, 'No app matches.');
    await page.getByLabel(/^Search/).fill('monte');
    await page.getByRole('heading', { name: /montecarlo/ }).waitFor();
    await page.getByLabel(/^Search/).fill('');
    await shot(page, 'store');
  });

  test('runs it, follows the deal live, and shows the verified result and the audit trail', async () => {
    await runThroughPage(page, montecarlo, { 'Tasks in the bag': '3', 'Simulated paths (whole bag)': '30000' });
    dealUrl = page.url();
    assert.match((await page.getByTestId('deal-progress').textContent()) ?? '', /3\/3 tasks verified/);
    const bar = page.getByRole('progressbar', { name: 'Tasks verified' });
    assert.equal(await bar.getAttribute('value'), '3');
    assert.equal(await page.locator('[data-testid^="task-"]').count(), 3);
    assert.match((await page.getByTestId('result-summary').textContent()) ?? '', /call price .* from 30,000 paths in 3 tasks/);
    await page.getByRole('img', { name: /Estimate per task/ }).waitFor();
    const trail = page.getByTestId('audit-trail');
    await trail.locator('[data-event="BatchSettled"]').first().waitFor({ timeout: T });
    for (const e of ['DealMatched', 'BatchFinalized', 'BatchSettled'])
      assert.ok((await trail.locator(`[data-event="${e}"]`).count()) > 0, `${e} in the audit trail`);
    await see(page, 'Request order published');
    await shot(page, 'deal');
    // Every event links to its transaction.
    await trail.locator('[data-event="DealMatched"] a').click();
    await see(page, 'DealMatched');
    await shot(page, 'transaction');
    await page.goBack();
  });

  test('keeps the account, the deal and its results after a reload', async () => {
    await page.reload();
    await page.getByTestId('results-verified').waitFor();
    await see(page, /requester \(dev\)/);
  });

  test('shows the renderer frame as an image in the page', async () => {
    const renderer = await publishThroughPage(page, 'renderer');
    await runThroughPage(page, renderer, { 'Width (px)': '64', 'Height (px)': '48', 'Tile columns': '2', 'Tile rows': '1' });
    const img = page.getByRole('img', { name: /frame\.png/ });
    await img.waitFor();
    await page.waitForFunction(() => {
      const el = document.querySelector('img.result-image') as HTMLImageElement | null;
      return !!el && el.complete && el.naturalWidth === 64 && el.naturalHeight === 48;
    });
    await shot(page, 'renderer');
  });

  test('is usable with a keyboard and readable at phone width', async () => {
    const phone = await browser.newPage({ viewport: { width: 390, height: 844 }, isMobile: true });
    await phone.goto(`${web.url}/#/`);
    await phone.getByRole('heading', { name: /montecarlo/ }).waitFor({ timeout: T });
    const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `no sideways scrolling at phone width (overflow ${overflow}px)`);
    await shot(phone, 'phone-store');
    await phone.goto(dealUrl);
    // Another browser has no key for this run's results (private by default, C3): it says so.
    await phone.getByTestId('results-encrypted').waitFor({ timeout: T });
    const dealOverflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(dealOverflow <= 0, `the deal page does not scroll sideways at phone width (overflow ${dealOverflow}px)`);
    await shot(phone, 'phone-deal');
    // Keyboard: tab to the Publish link and follow it with Enter.
    for (let i = 0; i < 12; i++) {
      await phone.keyboard.press('Tab');
      if ((await phone.evaluate(() => document.activeElement?.textContent)) === 'Publish') break;
    }
    await phone.keyboard.press('Enter');
    await phone.getByRole('heading', { name: 'Publish an app' }).waitFor({ timeout: T });
    // Every form control has a label.
    const unlabelled = await phone.evaluate(
      () => [...document.querySelectorAll('input, select')].filter((el) => !(el as HTMLInputElement).labels?.length).length,
    );
    assert.equal(unlabelled, 0);
    await phone.close();
  });

  test('error: malformed input gets a message and sends nothing', async () => {
    await page.goto(`${web.url}/#/wallet`);
    await page.getByLabel(/^Amount/).fill('12abc');
    await page.getByRole('button', { name: 'Deposit' }).click();
    await see(page, /Invalid input:.*"12abc" is not an amount/);
    await page.goto(`${web.url}/#/publish`);
    await page
      .getByLabel('WebAssembly module (WASI, .wasm)')
      .setInputFiles({ name: 'notes.wasm', mimeType: 'application/wasm', buffer: Buffer.from('hello, not wasm') });
    await see(page, /Invalid input:.*notes\.wasm is not a WebAssembly module/);
    // A module V8 runs but the provable machine refuses (SIMD: v128.const; drop) is not published (decision 020).
    await page
      .getByLabel('WebAssembly module (WASI, .wasm)')
      .setInputFiles({ name: 'simd.wasm', mimeType: 'application/wasm', buffer: Buffer.from(SIMD_WASM, 'hex') });
    await page.getByTestId('module-hash').waitFor({ timeout: T });
    await page.getByLabel('Name').fill('simd');
    await page.getByLabel(/Price per task/).fill('0.01');
    await page.getByRole('button', { name: 'Register and publish' }).click();
    await see(page, /uses SIMD/);
    assert.equal(await page.getByTestId('published').count(), 0, 'nothing published');
    await page.goto(`${web.url}/#/app/${montecarlo}`);
    await page.getByLabel('Tasks in the bag', { exact: true }).fill('0');
    await page.getByRole('button', { name: 'Buy the run' }).click();
    await see(page, /Invalid input:.*must be a whole number from 1 to 64/);
    await shot(page, 'error-input');
  });

  test('error: insufficient funds with an account that has no tokens', async () => {
    await pickDevAccount(page, 'unfunded');
    await page.goto(`${web.url}/#/app/${montecarlo}`);
    await page.getByLabel('Tasks in the bag', { exact: true }).fill('2');
    await page.getByRole('button', { name: 'Buy the run' }).click();
    await see(page, /Insufficient funds:.*deposit at least/);
    await shot(page, 'error-funds');
  });

  test('error: an injected wallet on the wrong network', async () => {
    const ctx = await browser.newContext();
    await ctx.addInitScript(
      ...fakeWallet({ rpcUrl: stack.deployment.rpcUrl, chainId: 1, address: stack.accounts.spare[0]!.address, reject: false }),
    );
    const p = await ctx.newPage();
    await p.goto(`${web.url}/#/wallet`);
    await p.getByRole('button', { name: 'Connect injected wallet' }).click();
    await see(p, /Wrong network:.*chain 1.*chain 31337/);
    await shot(p, 'error-network');
    // The page offers the fix: switching the wallet to the market's chain connects it.
    await p.getByRole('button', { name: /Switch wallet to chain 31337/ }).click();
    await see(p, 'injected wallet');
    await p.getByTestId('balance-escrow').waitFor({ timeout: T });
    // Connected, the injected wallet signs for real: a deposit goes through it.
    await p.getByLabel(/^Amount/).fill('2');
    await p.getByRole('button', { name: 'Deposit' }).click();
    await see(p, 'Deposited 2 ');
    await ctx.close();
  });

  test('error: a signature rejected in the wallet', async () => {
    const ctx = await browser.newContext();
    await ctx.addInitScript(
      ...fakeWallet({ rpcUrl: stack.deployment.rpcUrl, chainId: 31337, address: stack.accounts.spare[0]!.address, reject: true }),
    );
    const p = await ctx.newPage();
    await p.goto(`${web.url}/#/wallet`);
    await p.getByRole('button', { name: 'Connect injected wallet' }).click();
    await p.getByTestId('balance-escrow').waitFor({ timeout: T });
    await p.getByLabel(/^Amount/).fill('1');
    await p.getByRole('button', { name: 'Deposit' }).click();
    await see(p, /Signature rejected:.*nothing was signed or sent/);
    await shot(p, 'error-rejected');
    await ctx.close();
  });
});
