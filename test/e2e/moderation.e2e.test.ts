import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/accounts/index.ts';
import { createTestArchive, type TestArchive } from '../support/archive.ts';
import { launchChromium, withChromium } from '../support/chromium.ts';
import { DIALECTS } from '../support/databases.ts';
import { aCatalog, aFilm } from '../support/factories.ts';
import { httpClient } from '../support/tracker-clients.ts';

/**
 * The whole life of a problem, in Chromium: a visitor registers, reviews a film, another reader
 * finds the review helpful and flags the release; a moderator resolves the flag, takes the release
 * down, the tracker refuses its torrent, and the moderator restores it.
 */

const ready = withChromium();
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/e2e/', import.meta.url));

describe.skipIf(!ready)('register → review → vote → flag → resolve → takedown → restore, in Chromium', () => {
  let archive: TestArchive;
  let browser: Browser;
  let base: string;
  let releaseId: number;
  let infoHash: Buffer;
  const dir = mkdtempSync(join(tmpdir(), 'kinora-e2e-moderation-'));

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    archive = await createTestArchive(DIALECTS[0]!, { KINORA_TRACKER_UDP_PORT: '0', KINORA_TRACKER_RATE: '0' });
    await archive.catalog.import(aCatalog({ films: [aFilm({ slug: 'harbour', title: 'The Harbour at Dawn', year: 1931 })] }), { actor: 'test' });
    writeFileSync(join(dir, 'harbour.mp4'), randomBytes(40_000));
    const r = await archive.catalog.addRelease({ film: 'harbour', source: join(dir, 'harbour.mp4'), actor: 'test', v1Only: true });
    releaseId = r.id;
    infoHash = Buffer.from(r.torrent.infohash_v1!, 'hex');
    await archive.tracker!.tracker.refresh();
    await archive.accounts.createUser(systemActor('test'), { username: 'warden', password: 'moderator password' }, 'moderator');
    await archive.accounts.createUser(systemActor('test'), { username: 'second_reader', password: 'second reader password' }, 'reader');
    base = await archive.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await archive?.destroy();
    rmSync(dir, { recursive: true, force: true });
  });

  const person = async (): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser.newContext({ baseURL: base, viewport: { width: 1100, height: 900 } });
    context.setDefaultTimeout(10_000);
    return { context, page: await context.newPage() };
  };
  const logIn = async (page: Page, username: string, password: string, next: string) => {
    await page.goto(`/login?next=${encodeURIComponent(next)}`);
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((u) => u.pathname === next.split('#')[0]);
  };
  const shoot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });

  it('walks the whole way', async () => {
    // 1. A visitor registers and reviews the film.
    const writer = await person();
    await writer.page.goto('/register');
    await writer.page.getByLabel('Username').fill('harbour_watcher');
    await writer.page.getByLabel('Password').fill('watching the harbour');
    await writer.page.getByRole('button', { name: 'Register' }).click();
    await writer.page.waitForURL((u) => u.pathname === '/account');
    await writer.page.goto('/films/harbour/reviews');
    await writer.page.getByLabel('Out of 10').selectOption('9');
    await writer.page.getByLabel('Title').fill('Fog, boats and patience');
    await writer.page.getByLabel('Your review').fill('The *fog* lifts at minute four.\n\n- the tugboats\n- the gulls');
    await writer.page.getByRole('button', { name: 'Publish review' }).click();
    await writer.page.waitForURL((u) => u.pathname === '/films/harbour/reviews');
    expect(await writer.page.locator('li.review h3').innerText()).toContain('Fog, boats and patience');
    expect(await writer.page.locator('li.review .review-body em').innerText()).toBe('fog');
    await shoot(writer.page, '40-review-written');

    // 2. Another reader finds it helpful and flags the release.
    const second = await person();
    await logIn(second.page, 'second_reader', 'second reader password', '/films/harbour/reviews');
    await second.page.getByRole('button', { name: 'Helpful (review by harbour_watcher)', exact: true }).click();
    await second.page.waitForLoadState();
    expect(await second.page.locator('li.review .votes').innerText()).toContain('1 found this helpful');
    await second.page.goto('/films/harbour/releases');
    await second.page.getByText('Flag a problem').first().click();
    await second.page.getByLabel('What is wrong').selectOption('rights');
    await second.page.getByLabel('Note for the moderators').fill('This print belongs to a private collection.');
    await second.page.getByRole('button', { name: 'Send the flag' }).click();
    await second.page.waitForURL((u) => u.pathname === '/films/harbour/releases');
    expect(await second.page.locator('.release-flags').innerText()).toBe('1 open flag: rights problem');

    // 3. The moderator sees it in the queue, resolves it by taking the release down.
    const mod = await person();
    await logIn(mod.page, 'warden', 'moderator password', '/moderation/flags');
    expect(await mod.page.getByRole('heading', { level: 2 }).first().innerText()).toContain('Release “harbour.mp4” of harbour');
    await mod.page.getByPlaceholder('Why take it down').fill('Rights claim under review');
    await mod.page.getByRole('button', { name: 'Take the release down' }).click();
    await mod.page.waitForURL((u) => u.pathname === '/moderation/flags');
    expect(await mod.page.getByRole('status').innerText()).toBe(`Release ${releaseId} taken down.`);
    await mod.page.getByPlaceholder('What was done').fill('Taken down while the claim is checked');
    await mod.page.getByRole('button', { name: /^Resolve/ }).click();
    await mod.page.waitForURL((u) => u.pathname === '/moderation/flags');
    expect(await mod.page.locator('main').innerText()).toContain('No open flags.');
    await shoot(mod.page, '41-queue-empty');

    // 4. Everybody else sees no release; its torrent is gone, and the tracker refuses it.
    await second.page.goto('/films/harbour');
    expect(await second.page.locator('main').innerText()).toContain('No releases yet.');
    expect((await second.page.request.get(`/releases/${releaseId}.torrent`)).status()).toBe(410);
    const deadline = Date.now() + 3000;
    let refusal = '';
    while (!refusal && Date.now() < deadline) {
      await httpClient(archive.app).announce({ infoHash, port: 6111, left: 0 }).catch((e: Error) => (refusal = e.message));
      if (!refusal) await new Promise((r) => setTimeout(r, 100));
    }
    expect(refusal).toBe('unregistered torrent');

    // 5. The moderator restores it from the film's releases page; the audit log tells the story.
    await mod.page.goto('/films/harbour/releases');
    expect(await mod.page.locator('.taken-down').first().innerText()).toBe('(taken down)');
    await mod.page.getByPlaceholder('Why restore it').fill('Claim withdrawn');
    await mod.page.getByRole('button', { name: `Restore release ${releaseId}` }).click();
    await mod.page.waitForURL((u) => u.pathname === '/films/harbour/releases');
    expect(await mod.page.locator('.taken-down').count()).toBe(0);
    expect((await second.page.request.get(`/releases/${releaseId}.torrent`)).status()).toBe(200);
    await archive.tracker!.tracker.refresh();
    expect((await httpClient(archive.app).announce({ infoHash, port: 6111, left: 0 })).seeders).toBe(1);
    await mod.page.getByRole('navigation', { name: 'Account' }).getByRole('link', { name: 'Audit log' }).click();
    const log = await mod.page.locator('main tbody').innerText();
    for (const action of ['release.restore', 'flag.resolve', 'release.takedown']) expect(log).toContain(action);
    await shoot(mod.page, '42-audit-log');
    for (const p of [writer, second, mod]) await p.context.close();
  });
});
