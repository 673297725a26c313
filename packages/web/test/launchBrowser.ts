import chromium from '@sparticuz/chromium';
import { type Browser, chromium as playwright } from 'playwright-core';

/**
 * A real headless Chromium, installed by `npm ci` alone (@sparticuz/chromium ships it brotli-packed
 * in the npm package). The flags keep it off the network: the machine has no internet.
 */
export async function launchBrowser(): Promise<Browser> {
  // --single-process (meant for AWS Lambda) kills the browser when a second context closes.
  const args = chromium.args.filter((a) => a !== '--single-process');
  return playwright.launch({
    executablePath: await chromium.executablePath(),
    args: [...args, '--disable-background-networking', '--no-first-run', '--disable-component-update', '--disable-sync'],
    headless: true,
  });
}
