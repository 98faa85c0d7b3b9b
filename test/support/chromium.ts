import { existsSync } from 'node:fs';
import { type Browser, type Page, chromium } from 'playwright-core';
import { requireOrSkip } from './strict.ts';

/** Debian's Chromium, driven by playwright-core (never a browser downloaded by a test tool). */
export const CHROMIUM = '/usr/bin/chromium';
export const withChromium = (): boolean => requireOrSkip('Chromium', existsSync(CHROMIUM), 'apt-get install chromium');

/** Headless, and quiet: no background connections, which this machine's closed network refuses. */
export const launchChromium = (): Promise<Browser> =>
  chromium.launch({
    executablePath: CHROMIUM,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run', '--disable-sync', '--disable-quic'],
  });

/**
 * Watches a page for a hostile payload that ran: it dismisses and counts dialogs (alert, confirm,
 * prompt), and `ran()` says whether one opened or the page's `window.__xss` was set, which every
 * payload of test/fixtures/xss-payloads.txt does when it runs.
 */
export function watchForXss(page: Page): () => Promise<boolean> {
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  return async () => dialogs > 0 || (await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss !== undefined));
}
