import { mkdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestArchive, type TestArchive } from '../support/archive.ts';
import { DIALECTS } from '../support/databases.ts';
import { launchChromium, withChromium } from '../support/chromium.ts';

/**
 * A visitor's walk through the archive in a real browser (Debian's Chromium driven by playwright-core):
 * home, browse with facets, search, a film and its releases, a person; plus a phone viewport, no
 * JavaScript and the keyboard. Expectations come from demo/catalog.json, not from the app's own code.
 */

const ready = withChromium();

const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/e2e/', import.meta.url));

interface DemoCredit { person: string; role: string }
interface DemoFilm { slug: string; title: string; year: number; countries: string[]; subjects: string[]; credits: DemoCredit[]; appearances: { person: string }[] }
interface DemoCatalog { people: { slug: string; name: string }[]; films: DemoFilm[] }
const demo = JSON.parse(readFileSync(new URL('../../demo/catalog.json', import.meta.url), 'utf8')) as DemoCatalog;
const nameOf = (slug: string) => demo.people.find((p) => p.slug === slug)!.name;
const filmBySlug = (slug: string) => demo.films.find((f) => f.slug === slug)!;

/** How the film page labels a credit group: "Director", "Cinematographers". */
const roleLabel = (role: string, count: number) => `${role[0]!.toUpperCase()}${role.slice(1)}${count > 1 ? 's' : ''}`;

describe.skipIf(!ready)('browsing the demo archive in Chromium', () => {
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

  /** A fresh context (own cookies, cache, settings) with short timeouts, so a failure says where quickly. */
  async function openPage(options: Parameters<Browser['newContext']>[0] = {}): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext({ baseURL: base, viewport: { width: 1280, height: 800 }, colorScheme: 'light', ...options });
    context.setDefaultTimeout(10_000);
    return { context, page: await context.newPage() };
  }

  const shoot = (page: Page, name: string) => page.screenshot({ path: `${ARTIFACTS}${name}.png`, fullPage: true });

  /** Clicks something that navigates and waits until the new page has loaded. */
  async function follow(page: Page, click: () => Promise<void>, url: (u: URL) => boolean): Promise<void> {
    await Promise.all([page.waitForURL(url), click()]);
  }

  const texts = (page: Page, selector: string) => page.locator(selector).allInnerTexts().then((all) => all.map((t) => t.trim()));

  it('walks from the home page through browse, search and a film to a person', async () => {
    const { context, page } = await openPage();
    try {
      // Home.
      await page.goto('/');
      expect(await page.title()).toBe('Kinora');
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Kinora');
      expect(await page.locator('main').innerText()).toContain(`${demo.films.length} films`);
      await shoot(page, '01-home');

      // The "Films" link in the main navigation.
      await follow(page, () => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Films', exact: true }).click(), (u) => u.pathname === '/films');
      expect(await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Films', exact: true }).getAttribute('aria-current')).toBe('page');
      expect(await page.getByRole('status').innerText()).toBe(`1–${demo.films.length} of ${demo.films.length} films`);
      expect(await page.locator('main li.film-item').count()).toBe(demo.films.length);
      await shoot(page, '02-films');

      // A decade facet: its count, the result count and every listed film agree with the catalog.
      const filters = page.getByRole('complementary', { name: 'Filters' });
      const twenties = demo.films.filter((f) => f.year >= 1920 && f.year < 1930);
      expect(await filters.locator('li', { has: page.getByRole('link', { name: '1920s', exact: true }) }).locator('.count').innerText()).toBe(String(twenties.length));
      await follow(page, () => filters.getByRole('link', { name: '1920s', exact: true }).click(), (u) => u.searchParams.get('decade') === '1920');
      expect(await page.title()).toBe('Films: 1920s – Kinora');
      expect(await page.getByRole('status').innerText()).toBe(`1–${twenties.length} of ${twenties.length} films`);
      const decadeTitles = await texts(page, 'main li.film-item h3 > a');
      expect(decadeTitles.toSorted()).toEqual(twenties.map((f) => f.title).toSorted());
      const years = (await texts(page, 'main li.film-item h3 .year')).map((y) => Number(y.replace(/[()]/g, '')));
      expect(years.filter((y) => y < 1920 || y >= 1930)).toEqual([]);
      expect(await filters.locator('strong[aria-current="true"]').innerText()).toBe('1920s');
      await shoot(page, '03-facet-decade');

      // A second facet (country) narrows within the first; both show as active filters.
      const french = twenties.filter((f) => f.countries.includes('FR'));
      expect(french.length).toBeGreaterThan(0);
      await follow(page, () => filters.getByRole('link', { name: 'France', exact: true }).click(), (u) => u.searchParams.get('country') === 'FR' && u.searchParams.get('decade') === '1920');
      expect(await page.getByRole('status').innerText()).toBe(`1–${french.length} of ${french.length} ${french.length === 1 ? 'film' : 'films'}`);
      expect((await texts(page, 'main li.film-item h3 > a')).toSorted()).toEqual(french.map((f) => f.title).toSorted());
      expect(await texts(page, '.active-filters li')).toEqual([expect.stringContaining('Decade: 1920s'), expect.stringContaining('Country: France')]);
      await shoot(page, '04-facet-country');

      // The search box in the header: highlighted snippets, and only films on the subject.
      const onNewDeal = demo.films.filter((f) => f.subjects.includes('new-deal'));
      const searchBox = page.getByRole('search').getByRole('searchbox', { name: 'Search the archive' });
      await searchBox.fill('new deal');
      await follow(page, () => searchBox.press('Enter'), (u) => u.pathname === '/search' && u.searchParams.get('q') === 'new deal');
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe('Search results for “new deal”');
      expect(await searchBox.inputValue()).toBe('new deal');
      expect(await page.getByRole('status').innerText()).toBe(`${onNewDeal.length} films match.`);
      const hits = page.locator('section[aria-labelledby="film-hits"] li.film-item');
      expect((await hits.locator('h3 > a').allInnerTexts()).toSorted()).toEqual(onNewDeal.map((f) => f.title).toSorted());
      for (let i = 0; i < (await hits.count()); i++) {
        const marks = await hits.nth(i).locator('.synopsis mark').allInnerTexts();
        expect(marks.length).toBeGreaterThan(0);
        for (const m of marks) expect(m).toMatch(/^(new|deal)/i);
      }
      await shoot(page, '05-search');

      // A film from the results.
      const river = filmBySlug('the-river');
      await follow(page, () => hits.getByRole('link', { name: river.title, exact: true }).click(), (u) => u.pathname === `/films/${river.slug}`);
      const crumbs = page.getByRole('navigation', { name: 'Breadcrumb' });
      expect(await crumbs.locator('li').allInnerTexts()).toEqual(['Home', 'Films', `${river.title} (${river.year})`]);
      expect(await crumbs.getByRole('link').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual(['/', '/films']);
      expect(await crumbs.locator('li').last().locator('[aria-current="page"]').count()).toBe(1);
      expect(await crumbs.locator('li').nth(1).evaluate((li) => getComputedStyle(li, '::before').content)).toBe('"›"');
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(`${river.title} (${river.year})`);

      const credits = await page.locator('section[aria-labelledby="credits"] dl.credits').evaluate((dl) => {
        const groups: Record<string, string[]> = {};
        for (const dt of Array.from(dl.querySelectorAll('dt'))) groups[dt.textContent!.trim()] = Array.from(dt.nextElementSibling!.querySelectorAll('a')).map((a) => a.textContent!.trim());
        return groups;
      });
      const expectedCredits: Record<string, string[]> = {};
      for (const role of new Set(river.credits.map((c) => c.role))) {
        const people = river.credits.filter((c) => c.role === role).map((c) => nameOf(c.person));
        expectedCredits[roleLabel(role, people.length)] = people;
      }
      expect(credits).toEqual(expectedCredits);

      const tabs = page.getByRole('navigation', { name: 'Film views' });
      expect(await tabs.getByRole('link').allInnerTexts()).toEqual(['View', 'Releases (1)', 'Reviews (0)', 'History']);
      expect(await tabs.getByRole('link', { name: 'View', exact: true }).getAttribute('aria-current')).toBe('page');
      // The player streams the release from its web-seed URL with range requests.
      const media = await page.locator('video.player').evaluate((v: HTMLVideoElement) => new Promise<{ duration: number; error: number | null }>((resolve) => {
        const done = () => resolve({ duration: v.duration, error: v.error?.code ?? null });
        if (v.readyState >= 1) done();
        v.addEventListener('loadedmetadata', done, { once: true });
        v.addEventListener('error', done, { once: true });
        v.querySelector('source')?.addEventListener('error', done, { once: true });
        v.load();
      }));
      expect(media.error).toBeNull();
      expect(media.duration).toBeGreaterThan(0);
      await shoot(page, '06-film');

      // The Releases tab: same header, its tab current, each file with size and checksum.
      await follow(page, () => tabs.getByRole('link', { name: /^Releases/ }).click(), (u) => u.pathname === `/films/${river.slug}/releases`);
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(`${river.title} (${river.year})`);
      expect(await tabs.getByRole('link', { name: /^Releases/ }).getAttribute('aria-current')).toBe('page');
      expect(await tabs.getByRole('link', { name: 'View', exact: true }).getAttribute('aria-current')).toBeNull();
      const release = page.locator('section.release');
      expect(await release.count()).toBe(1);
      expect(await release.getByRole('heading', { level: 2 }).innerText()).toBe(`${river.title} (${river.year}) – demo test pattern`);
      expect(await release.locator('tbody th').allInnerTexts()).toEqual(['the-river.mp4']);
      expect(await release.locator('table.files code.hash').innerText()).toMatch(/^[0-9a-f]{64}$/);
      // The torrent: both infohashes, and a .torrent link that serves a torrent.
      const facts = await release.locator('dl.torrent code.hash').allInnerTexts();
      expect(facts[0]).toMatch(/^[0-9a-f]{40}$/);
      expect(facts[1]).toMatch(/^[0-9a-f]{64}$/);
      const torrentHref = await release.getByRole('link', { name: '.torrent' }).getAttribute('href');
      const torrent = await page.request.get(torrentHref!);
      expect(torrent.headers()['content-type']).toBe('application/x-bittorrent');
      expect((await torrent.body()).subarray(0, 1).toString()).toBe('d');
      await shoot(page, '07-film-releases');

      // Back to the film, then its director.
      await follow(page, () => tabs.getByRole('link', { name: 'View', exact: true }).click(), (u) => u.pathname === `/films/${river.slug}`);
      const director = river.credits.find((c) => c.role === 'director')!.person;
      await follow(page, () => page.locator('dl.credits dt:text-is("Director") + dd').getByRole('link', { name: nameOf(director) }).click(), (u) => u.pathname === `/people/${director}`);
      expect(await page.getByRole('heading', { level: 1 }).innerText()).toBe(nameOf(director));
      expect(await page.getByRole('navigation', { name: 'Breadcrumb' }).locator('li').allInnerTexts()).toEqual(['Home', 'People', nameOf(director)]);
      const theirFilms = demo.films.filter((f) => f.credits.some((c) => c.person === director) || f.appearances.some((a) => a.person === director));
      expect(await page.getByRole('heading', { name: `Films (${theirFilms.length})` }).count()).toBe(1);
      expect((await texts(page, 'section[aria-labelledby="filmography"] li.film-item h3 > a')).toSorted()).toEqual(theirFilms.map((f) => f.title).toSorted());
      const riverItem = page.locator('section[aria-labelledby="filmography"] li.film-item', { has: page.getByRole('link', { name: river.title, exact: true }) });
      const roles = (await riverItem.locator('.roles').innerText()).toLowerCase().split(', ');
      expect(roles.toSorted()).toEqual(river.credits.filter((c) => c.person === director).map((c) => c.role).toSorted());
      await shoot(page, '08-person');
    } finally {
      await context.close();
    }
  });

  it('fits a phone screen without horizontal scrolling', async () => {
    const { context, page } = await openPage({ viewport: { width: 375, height: 740 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 });
    try {
      // Nanook has the longest film page: two countries, reception quotes, a releases table.
      for (const [path, name] of [['/films/nanook-of-the-north', '09-phone-film'], ['/films/nanook-of-the-north/releases', '10-phone-film-releases']] as const) {
        await page.goto(path);
        const { scrollWidth, clientWidth } = await page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, clientWidth: document.documentElement.clientWidth }));
        expect(clientWidth, path).toBe(375);
        expect(scrollWidth, `${path} scrolls sideways`).toBeLessThanOrEqual(clientWidth);
        await shoot(page, name);
      }
    } finally {
      await context.close();
    }
  });

  it('searches and browses with JavaScript disabled', async () => {
    const { context, page } = await openPage({ javaScriptEnabled: false });
    try {
      await page.goto('/');
      const searchBox = page.getByRole('search').getByRole('searchbox');
      await searchBox.fill('Samoa');
      await follow(page, () => searchBox.press('Enter'), (u) => u.pathname === '/search' && u.searchParams.get('q') === 'Samoa');
      const hits = page.locator('section[aria-labelledby="film-hits"] li.film-item');
      expect(await hits.locator('h3 > a').allInnerTexts()).toEqual(['Moana']);
      expect(await hits.locator('mark').first().innerText()).toMatch(/^samoa/i);
      await shoot(page, '11-nojs-search');

      await follow(page, () => page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Films', exact: true }).click(), (u) => u.pathname === '/films');
      const forties = demo.films.filter((f) => f.year >= 1940 && f.year < 1950);
      await follow(page, () => page.getByRole('complementary', { name: 'Filters' }).getByRole('link', { name: '1940s', exact: true }).click(), (u) => u.searchParams.get('decade') === '1940');
      expect(await page.getByRole('status').innerText()).toBe(`1–${forties.length} of ${forties.length} films`);
      expect((await texts(page, 'main li.film-item h3 > a')).toSorted()).toEqual(forties.map((f) => f.title).toSorted());
    } finally {
      await context.close();
    }
  });

  it('offers "Skip to content" on the first Tab, and it skips the header', async () => {
    const { context, page } = await openPage();
    try {
      await page.goto('/films');
      await page.keyboard.press('Tab');
      const focused = await page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const box = el.getBoundingClientRect();
        return { text: el.textContent, href: el.getAttribute('href'), visible: box.left >= 0 && box.top >= 0 && box.width > 0 && box.right <= innerWidth };
      });
      expect(focused).toEqual({ text: 'Skip to content', href: '#main', visible: true });
      await shoot(page, '12-skip-link');

      await page.keyboard.press('Enter');
      await page.waitForURL((u) => u.hash === '#main');
      // The next Tab starts from <main>: the first link of the breadcrumb, not the site navigation.
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => ({ inMain: !!document.activeElement?.closest('main'), text: document.activeElement?.textContent }))).toEqual({ inMain: true, text: 'Home' });
    } finally {
      await context.close();
    }
  });
});
