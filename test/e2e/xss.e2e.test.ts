import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor, userActor } from '../../src/accounts/index.ts';
import { CONTENT_SECURITY_POLICY } from '../../src/http/server.tsx';
import { createTestArchive, type TestArchive } from '../support/archive.ts';
import { launchChromium, watchForXss, withChromium } from '../support/chromium.ts';
import { DIALECTS } from '../support/databases.ts';
import { aCatalog, aFilm } from '../support/factories.ts';
import { xssPayloads } from '../support/xss.ts';

/**
 * The XSS corpus (test/fixtures/xss-payloads.txt, 111 payloads: script tags, event handlers,
 * javascript: and data: URLs, SVG and MathML, broken and nested markup, entity and Unicode
 * tricks, Markdown links and images) posted as review titles, review texts and usernames, then
 * loaded in Chromium with JavaScript on. Any payload that ran would set `window.__xss`. The pages
 * are loaded with the Content-Security-Policy bypassed, so escaping and sanitising alone must
 * stop them; the policy, checked separately, is the second wall.
 */

const ready = withChromium();
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/e2e/', import.meta.url));
const PAYLOADS = xssPayloads();
const FILMS = ['xss-one', 'xss-two', 'xss-three'];

describe.skipIf(!ready)('hostile markup in reviews and usernames never runs in Chromium', () => {
  let archive: TestArchive;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    archive = await createTestArchive(DIALECTS[0]!);
    await archive.catalog.import(aCatalog({ films: FILMS.map((slug) => aFilm({ slug })) }), { actor: 'test' });
    // One reader per payload (one review per reader per film), spread over three films so each page lists them all.
    for (const [i, payload] of PAYLOADS.entries()) {
      const account = await archive.accounts.createUser(systemActor('test'), { username: `critic${i}`, password: 'a long enough password' }, 'reader');
      await archive.reviews.write(userActor(account), FILMS[i % FILMS.length]!, { rating: (i % 10) + 1, title: payload.slice(0, 200), body: payload, spoilers: i % 7 === 0 });
    }
    base = await archive.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await archive?.destroy();
  });

  /** A page with the site's CSP bypassed, recording dialogs; `ran()` says whether any payload ran. */
  async function open(): Promise<{ page: Page; ran: () => Promise<boolean>; close: () => Promise<void> }> {
    const context = await browser.newContext({ baseURL: base, bypassCSP: true });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    return { page, ran: watchForXss(page), close: () => context.close() };
  }

  it(`has at least 100 payloads (${PAYLOADS.length})`, () => {
    expect(PAYLOADS.length).toBeGreaterThanOrEqual(100);
    expect(new Set(PAYLOADS).size).toBe(PAYLOADS.length);
  });

  it('runs none of them as review titles and texts, on the reviews pages and the film pages, hovered and focused', async () => {
    const { page, ran, close } = await open();
    try {
      for (const film of FILMS) {
        for (const url of [`/films/${film}/reviews`, `/films/${film}`]) {
          const res = await page.goto(url);
          expect(res?.status()).toBe(200);
          // Open the spoiler disclosures, then move over and focus everything, for payloads that wait for a person.
          for (const d of await page.locator('li.review details summary').all()) await d.click();
          for (const el of await page.locator('li.review *').all()) await el.hover({ force: true, timeout: 1000 }).catch(() => undefined);
          for (let i = 0; i < 40; i++) await page.keyboard.press('Tab');
          await page.waitForTimeout(100);
          expect(await ran(), url).toBe(false);
        }
      }
      await page.goto(`/films/${FILMS[0]}/reviews`);
      expect(await page.locator('li.review').count()).toBe(Math.ceil(PAYLOADS.length / FILMS.length));
      // The payloads are shown as the text they are.
      expect(await page.locator('main').innerText()).toContain('<script>window.__xss=1</script>');
      await page.screenshot({ path: `${ARTIFACTS}30-xss-reviews.png`, fullPage: false });
    } finally {
      await close();
    }
  });

  it('runs none of them as usernames echoed back by the registration form', async () => {
    const { page, ran, close } = await open();
    try {
      for (const payload of PAYLOADS) {
        await page.goto('/register');
        // The browser would refuse most of these itself (pattern, maxlength): take its checks off, as an attacker would.
        await page.locator('form.stacked').evaluate((f) => {
          f.setAttribute('novalidate', '');
          for (const i of f.querySelectorAll('input')) ['pattern', 'maxlength', 'minlength', 'required'].forEach((a) => i.removeAttribute(a));
        });
        await page.getByLabel('Username').fill(payload);
        await page.getByLabel('Password').fill('a long enough password');
        await Promise.all([page.waitForResponse((r) => r.url().endsWith('/register') && r.request().method() === 'POST'), page.getByRole('button', { name: 'Register' }).click()]);
        await page.waitForLoadState();
        expect(await page.locator('#f-username-error').count(), payload).toBe(1);
        expect(await ran(), payload).toBe(false);
      }
    } finally {
      await close();
    }
    expect(Number((await archive.db.kysely.selectFrom('users').select((eb) => eb.fn.countAll().as('n')).executeTakeFirstOrThrow()).n)).toBe(PAYLOADS.length);
  });

  it('sends a Content-Security-Policy that forbids inline script on every page', async () => {
    for (const url of ['/', `/films/${FILMS[0]}`, `/films/${FILMS[0]}/reviews`, '/register', '/no-such-page']) {
      const res = await fetch(`${base}${url}`);
      expect(res.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
    }
    expect(CONTENT_SECURITY_POLICY).toMatch(/script-src 'self'(;|$)/);
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
  });
});
