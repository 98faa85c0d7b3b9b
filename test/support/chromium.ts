import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';
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
