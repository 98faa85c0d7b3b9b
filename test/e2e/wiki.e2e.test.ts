import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemActor } from '../../src/accounts/index.ts';
import { createTestArchive, type TestArchive } from '../support/archive.ts';
import { launchChromium, withChromium } from '../support/chromium.ts';
import { DIALECTS } from '../support/databases.ts';
import { aCatalog, aFilm, aSubject } from '../support/factories.ts';

/**
 * A contributor's day in the wiki, in Chromium: add a source, write an article that cites it,
 * categorise it, make a redirect, edit, compare and revert, lose an edit conflict without losing
 * their text; then a moderator imports a MediaWiki export from the form.
 */

const ready = withChromium();
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/e2e/', import.meta.url));
const FIXTURE = fileURLToPath(new URL('../fixtures/mediawiki/export-0.11.xml', import.meta.url));

describe.skipIf(!ready)('write → cite → categorise → redirect → revert → conflict → import, in Chromium', () => {
  let archive: TestArchive;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    archive = await createTestArchive(DIALECTS[0]!);
    await archive.catalog.import(aCatalog({
      subjects: [aSubject({ slug: 'dust-bowl', name: 'Dust Bowl' })],
      films: [aFilm({ slug: 'the-plow', title: 'The Plow That Broke the Plains', year: 1936, subjects: ['dust-bowl'] })],
    }), { actor: 'test' });
    await archive.accounts.createUser(systemActor('test'), { username: 'plains_writer', password: 'writing about the plains' }, 'contributor');
    await archive.accounts.createUser(systemActor('test'), { username: 'second_writer', password: 'writing about it too' }, 'contributor');
    await archive.accounts.createUser(systemActor('test'), { username: 'wiki_keeper', password: 'keeping the wiki tidy' }, 'moderator');
    base = await archive.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await archive?.destroy();
  });

  const person = async (username: string, password: string): Promise<{ context: BrowserContext; page: Page }> => {
    const context = await browser.newContext({ baseURL: base, viewport: { width: 1200, height: 900 } });
    context.setDefaultTimeout(10_000);
    const page = await context.newPage();
    await page.goto('/login?next=%2Fwiki');
    await page.getByLabel('Username').fill(username);
    await page.getByLabel('Password').fill(password);
    await page.getByRole('button', { name: 'Log in' }).click();
    await page.waitForURL((u) => u.pathname.startsWith('/wiki'));
    return { context, page };
  };
  const shoot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });
  const edit = async (page: Page, markup: string, summary: string, button: 'Save' | 'Preview' = 'Save') => {
    await page.getByLabel('Text', { exact: true }).fill(markup);
    await page.getByLabel('Summary of the change').fill(summary);
    await page.getByRole('button', { name: button, exact: true }).click();
  };

  it('walks the whole way', async () => {
    const { context, page } = await person('plains_writer', 'writing about the plains');

    // 1. A source, through the registry's form; a wrong ISBN is caught before it is stored.
    await page.goto('/sources/new');
    await page.getByLabel('Key (how articles cite it: barnouw1993)').fill('lorentz1992');
    await page.getByLabel('Title').fill('FDR’s Moviemaker: Memoirs and Scripts');
    await page.getByLabel('Authors (one per line: Family, Given)').fill('Lorentz, Pare');
    await page.getByLabel('Date (YYYY, YYYY-MM or YYYY-MM-DD)').fill('1992');
    await page.getByLabel('Publisher').fill('University of Nevada Press');
    await page.getByLabel('Place of publication').fill('Reno');
    await page.getByLabel('ISBN').fill('0-00-000000-1');
    await page.getByRole('button', { name: 'Save' }).click();
    await expect.poll(() => page.locator('.field-error').count()).toBeGreaterThan(0);
    expect(await page.locator('.field-error').allInnerTexts()).toContainEqual(expect.stringContaining('check digit'));
    await page.getByLabel('ISBN').fill('');
    await page.getByRole('button', { name: 'Save' }).click();
    await page.waitForURL('**/sources/lorentz1992').catch(async (e) => { console.log(await page.locator('main').innerText()); throw e; });

    // 2. The article: from a red link's "Create it", previewed, then saved.
    await page.goto('/wiki/Dust_Bowl');
    await page.getByRole('link', { name: 'Create it' }).click();
    const first = [
      'The **Dust Bowl** was a period of severe dust storms on the [[Great Plains]] in the 1930s.[@lorentz1992, p. 32]',
      '',
      'It was the subject of a government film in 1936.[see @lorentz1992, pp. 40-45] The film was shot in Montana and Texas.[^where]',
      '',
      '[^where]: Among other places.',
      '',
      '[[Category:Droughts]]',
    ].join('\n');
    await edit(page, first, 'A first version', 'Preview');
    await expect.poll(() => page.locator('section.preview').innerText()).toContain('Lorentz, Pare. 1992.');
    await page.getByRole('button', { name: 'Save', exact: true }).click();
    await page.waitForURL((u) => u.pathname === '/wiki/Dust_Bowl' && u.search === '');
    const body = page.locator('.wiki-body');
    expect(await body.locator('sup.reference').count()).toBe(2);
    expect(await body.locator('ol.references li').count()).toBe(1);
    expect(await body.locator('ol.references li .backlinks a').count()).toBe(2);
    expect(await body.locator('ol.notes li').count()).toBe(1);
    expect(await body.locator('a.new', { hasText: 'Great Plains' }).getAttribute('href')).toBe('/wiki/Great_Plains?action=edit&redlink=1');
    // The citation's number leads to its note, and the note back to where it was cited.
    await body.locator('sup.reference a').first().click();
    expect(new URL(page.url()).hash).toBe('#cite_note-1');
    expect(await page.locator('nav.categories').innerText()).toContain('Droughts');
    expect(await page.locator('section[aria-labelledby="films-covering"]').innerText()).toContain('The Plow That Broke the Plains');
    await shoot(page, 'wiki-article');

    // 3. The category lists it; the film page links back.
    await page.locator('nav.categories').getByRole('link', { name: 'Droughts' }).click();
    expect(await page.locator('main').innerText()).toContain('Dust Bowl');
    await page.goto('/films/the-plow');
    expect(await page.getByRole('link', { name: 'Dust Bowl' }).first().getAttribute('href')).toBe('/wiki/Dust_Bowl');

    // 4. A redirect: reaching the article through it says so.
    await page.goto('/wiki/Dust_storms?action=edit');
    await edit(page, '#REDIRECT [[Dust Bowl]]', 'Another name');
    await page.goto('/wiki/Dust_storms');
    expect(await page.locator('h1').innerText()).toBe('Dust Bowl');
    expect(await page.locator('.redirected-from').innerText()).toContain('Redirected from Dust storms');

    // 5. A second version, compared with the first in the history, then reverted.
    await page.goto('/wiki/Dust_Bowl?action=edit');
    await edit(page, first.replace('severe dust storms', 'dust storms so severe that they darkened the sky'), 'Stronger wording');
    await page.waitForURL((u) => u.pathname === '/wiki/Dust_Bowl' && u.search === '');
    expect(await body.innerText()).toContain('darkened the sky');
    await page.getByRole('link', { name: 'History' }).click();
    expect(await page.locator('table.history tbody tr').count()).toBe(2);
    await page.getByRole('button', { name: /Compare/ }).click();
    expect(await page.locator('table.diff ins').allInnerTexts()).toContainEqual(expect.stringContaining('darkened'));
    await shoot(page, 'wiki-diff');
    await page.goBack();
    await page.locator('table.history tbody tr').last().getByRole('button', { name: /Revert/ }).click();
    await page.waitForURL((u) => u.searchParams.get('action') === 'history');
    expect(await page.locator('table.history tbody tr').count()).toBe(3);
    await page.goto('/wiki/Dust_Bowl');
    expect(await body.innerText()).not.toContain('darkened the sky');

    // 6. Two writers edit from the same revision: the second is shown both texts, and keeps theirs.
    const other = await person('second_writer', 'writing about it too');
    await page.goto('/wiki/Dust_Bowl?action=edit');
    await other.page.goto('/wiki/Dust_Bowl?action=edit');
    await edit(page, `${first}\n\nThe drought ended in 1939.`, 'The end');
    await page.waitForURL((u) => u.pathname === '/wiki/Dust_Bowl' && u.search === '');
    await edit(other.page, `${first}\n\nFarmers left for California.`, 'The migration');
    expect(await other.page.locator('section.conflict h2').innerText()).toBe('Edit conflict');
    expect(await other.page.getByLabel('Your text (not saved)').inputValue()).toContain('Farmers left for California.');
    expect(await other.page.getByLabel('Text', { exact: true }).inputValue()).toContain('The drought ended in 1939.');
    await shoot(other.page, 'wiki-conflict');
    await other.context.close();
    await page.goto('/wiki/Dust_Bowl');
    expect(await body.innerText()).not.toContain('Farmers left');

    // 7. Recent changes list all of it; a contributor is not offered the import.
    await page.goto('/wiki/Special:RecentChanges');
    expect(await page.locator('ul.recent-changes li').count()).toBe(5);
    expect(await page.locator('nav.wiki-tools').innerText()).not.toContain('Import');
    await context.close();

    // 8. A moderator imports another wiki's export: first what it would do, then for real.
    const mod = await person('wiki_keeper', 'keeping the wiki tidy');
    await mod.page.goto('/wiki/Special:RecentChanges');
    await mod.page.locator('nav.wiki-tools').getByRole('link', { name: 'Import from MediaWiki' }).click();
    await mod.page.getByLabel('Export file').setInputFiles(FIXTURE);
    await mod.page.getByLabel('Only show what would be imported').check();
    await mod.page.getByRole('button', { name: 'Import' }).click();
    expect(await mod.page.locator('section.import-report h2').innerText()).toBe('What importing would do from Kinora Test Wiki');
    expect(await mod.page.locator('table.import-pages').innerText()).toContain('template {{Infobox film}} dropped');
    expect((await archive.app.inject({ method: 'GET', url: '/api/v1/wiki/Nanook_of_the_North' })).statusCode).toBe(404);
    await mod.page.getByLabel('Export file').setInputFiles(FIXTURE);
    await mod.page.getByRole('button', { name: 'Import' }).click();
    expect(await mod.page.locator('section.import-report h2').innerText()).toBe('Imported from Kinora Test Wiki');
    await shoot(mod.page, 'wiki-import');
    await mod.page.locator('table.import-pages').getByRole('link', { name: 'Nanook of the North' }).click();
    expect(await mod.page.locator('h1').innerText()).toBe('Nanook of the North');
    expect(await mod.page.locator('.wiki-body ul.bibliography').innerText()).toContain('Barnouw, Erik. 1993.');
    await mod.page.getByRole('link', { name: 'History' }).click();
    expect(await mod.page.locator('table.history').innerText()).toContain('Archivist (imported)');
    await mod.context.close();
  });
});
