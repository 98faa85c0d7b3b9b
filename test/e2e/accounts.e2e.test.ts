import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/accounts/index.ts';
import { createTestArchive, type TestArchive } from '../support/archive.ts';
import { DIALECTS } from '../support/databases.ts';
import { launchChromium, withChromium } from '../support/chromium.ts';

/**
 * Accounts in a real browser with JavaScript turned off (every form is a plain HTML form):
 * register, see one's account, log out, fail and then succeed to log in, make and revoke an API
 * token; an admin gives a reader a role, and the audit log shows it.
 */

const ready = withChromium();
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/e2e/', import.meta.url));

describe.skipIf(!ready)('accounts in Chromium, without JavaScript', () => {
  let archive: TestArchive;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    archive = await createTestArchive(DIALECTS[0]!, { KINORA_DEMO: '1' });
    base = await archive.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await archive?.destroy();
  });

  const open = async () => {
    const context = await browser.newContext({ baseURL: base, javaScriptEnabled: false, viewport: { width: 1100, height: 800 } });
    context.setDefaultTimeout(10_000);
    return { context, page: await context.newPage() };
  };
  const shoot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
  const account = (page: Page) => page.getByRole('navigation', { name: 'Account' });

  it('registers, logs out, logs in again and manages a token', async () => {
    const { context, page } = await open();
    try {
      await page.goto('/films/the-river');
      await account(page).getByRole('link', { name: 'Register' }).click();
      await page.waitForURL((u) => u.pathname === '/register');
      // The browser itself refuses what the form's attributes rule out (no script needed)...
      await page.getByLabel('Username').fill('x');
      await page.getByLabel('Password').fill('short');
      await page.getByRole('button', { name: 'Register' }).click();
      expect(await page.getByLabel('Username').evaluate((e) => (e as HTMLInputElement).validity.valid)).toBe(false);
      expect(new URL(page.url()).pathname).toBe('/register');
      // ...and the server says what only it knows, beside the field, keeping what was typed.
      await archive.accounts.register({ kind: 'anonymous' }, { username: 'taken_name', password: 'somebody else here' });
      await page.getByLabel('Username').fill('Taken_Name');
      await page.getByLabel('Password').fill('long enough password');
      await page.getByRole('button', { name: 'Register' }).click();
      await page.waitForLoadState();
      expect(await page.locator('#f-username-error').innerText()).toBe('That username is taken.');
      expect(await page.getByLabel('Username').getAttribute('aria-describedby')).toContain('f-username-error');
      expect(await page.getByLabel('Username').inputValue()).toBe('Taken_Name');
      await shoot(page, '20-register-errors');
      await page.getByLabel('Username').fill('river_fan');
      await page.getByLabel('Password').fill('the river runs to the gulf');
      await page.getByRole('button', { name: 'Register' }).click();
      await page.waitForURL((u) => u.pathname === '/account');
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('river_fan');
      expect(await account(page).getByRole('link', { name: 'river_fan' }).isVisible()).toBe(true);

      await page.getByLabel('New token\'s name').fill('catalog script');
      await page.getByRole('button', { name: 'Create token' }).click();
      await page.waitForLoadState();
      const token = (await page.locator('.secret').first().innerText()).trim();
      expect(token).toMatch(/^kinora_pat_/);
      const me = await fetch(`${base}/api/v1/session`, { headers: { authorization: `Bearer ${token}` } });
      expect((await me.json()).username).toBe('river_fan');
      await shoot(page, '21-account-token');
      await page.getByRole('button', { name: 'Revoke catalog script' }).click();
      await page.waitForLoadState();
      expect(await page.locator('main').innerText()).toContain('The token was revoked.');
      expect((await fetch(`${base}/api/v1/session`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(401);

      await account(page).getByRole('button', { name: 'Log out' }).click();
      await page.waitForURL((u) => u.pathname === '/');
      expect(await account(page).getByRole('link', { name: 'Log in' }).isVisible()).toBe(true);

      await page.goto('/login?next=/films/the-river');
      await page.getByLabel('Username').fill('river_fan');
      await page.getByLabel('Password').fill('not the password');
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForLoadState();
      expect(await page.getByRole('alert').innerText()).toBe('Wrong username or password.');
      expect(await page.getByLabel('Username').inputValue()).toBe('river_fan');
      await page.getByLabel('Password').fill('the river runs to the gulf');
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL((u) => u.pathname === '/films/the-river');
      expect(await account(page).getByRole('link', { name: 'river_fan' }).isVisible()).toBe(true);
      const cookies = await context.cookies();
      expect(cookies.find((c) => c.name === 'kinora_session')).toMatchObject({ httpOnly: true, sameSite: 'Lax' });
    } finally {
      await context.close();
    }
  });

  it('lets an admin give a reader a role, and a moderator read it in the audit log', async () => {
    await archive.accounts.createUser(systemActor('test'), { username: 'chief', password: 'admin password here' }, 'admin');
    await archive.accounts.createUser(systemActor('test'), { username: 'helper', password: 'helper password here' }, 'reader');
    const { context, page } = await open();
    try {
      await page.goto('/login');
      await page.getByLabel('Username').fill('chief');
      await page.getByLabel('Password').fill('admin password here');
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL((u) => u.pathname === '/');
      await account(page).getByRole('link', { name: 'Users' }).click();
      await page.waitForURL((u) => u.pathname === '/admin/users');
      await page.getByLabel('Role of helper').selectOption('moderator');
      await page.locator('#reason-' + (await page.getByLabel('Role of helper').getAttribute('id'))!.slice(5)).fill('answers the flags');
      await page.getByRole('button', { name: 'Change the role of helper' }).click();
      await page.waitForLoadState();
      expect(await page.getByRole('status').innerText()).toBe('helper is now moderator.');
      await shoot(page, '22-admin-users');
      await account(page).getByRole('link', { name: 'Audit log' }).click();
      await page.waitForURL((u) => u.pathname === '/moderation/audit');
      const row = await page.locator('main tbody tr').first().innerText();
      expect(row).toContain('chief');
      expect(row).toContain('user.set_role');
      expect(row).toContain('answers the flags');
      await shoot(page, '23-audit-log');
    } finally {
      await context.close();
    }
  });
});
