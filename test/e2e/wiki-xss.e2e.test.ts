import { mkdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Actor, systemActor, userActor } from '../../src/accounts/index.ts';
import { isAppError } from '../../src/errors.ts';
import { CONTENT_SECURITY_POLICY } from '../../src/http/server.tsx';
import { titlePath } from '../../src/wiki/index.ts';
import { createTestArchive, type TestArchive } from '../support/archive.ts';
import { launchChromium, watchForXss, withChromium } from '../support/chromium.ts';
import { DIALECTS } from '../support/databases.ts';
import { aCatalog, aFilm } from '../support/factories.ts';
import { xssPayloads } from '../support/xss.ts';

/**
 * The XSS corpus of test/e2e/xss.e2e.test.ts, written into the wiki wherever an author can put
 * text: article text, image captions, link targets and labels, headings and table cells, typed
 * front matter (the infobox, the film page), citation prefixes, suffixes, locators and keys, plain
 * footnotes, sources (the citeproc bibliography), edit summaries and titles. Every page that shows
 * them (articles, edit forms and previews, histories, a diff, recent changes, the special pages,
 * sources, search, the film page) is loaded in Chromium with JavaScript on and the
 * Content-Security-Policy bypassed, so the wiki's escaping and sanitising alone must stop them;
 * any payload that ran would set `window.__xss`.
 */

const ready = withChromium();
const ARTIFACTS = fileURLToPath(new URL('../../test-artifacts/e2e/', import.meta.url));
const PAYLOADS = xssPayloads();
const ALL = PAYLOADS.map((_, i) => i);
const FILM = 'wiki-xss-film';
const KEY = 'plainsource1990';
/** Payloads an article holds: enough to keep the pages few, few enough that a failure points at a short page. */
const PER_PAGE = 16;
const PASSWORD = 'a long enough password';
/** Pages loaded at once: each mouse move waits for a frame, so tabs side by side keep the suite fast. */
const TABS = 4;

/** Text inside a Markdown link title: quotes and backslashes escaped, nothing else changed. */
const quoted = (p: string) => p.replace(/[\\"]/g, (c) => `\\${c}`);

/** One place an author can put text: the Markdown that puts payload `i` there, and what shows that the syntax held. */
interface Channel {
  readonly name: string;
  readonly markup: (p: string, i: number) => string;
  /** Found in the rendered HTML when the payload landed in the construct (a figure, a citation…); absent when any outcome is right. */
  readonly took?: RegExp;
  /** The share of payloads that must land in the construct, measured on this corpus (the numbers are beside the check). */
  readonly min?: number;
}

const CAPTIONS: Channel = { name: 'image caption', markup: (p, i) => `![${p}](/files/wiki-xss/caption-${i}.jpg "${quoted(p)}")`, took: /<figure class="thumb"><img src="\/files\/wiki-xss\/caption-\d+\.jpg"/, min: 0.95 };
const LINKS: readonly Channel[] = [
  // Nearly all payloads hold a character titles cannot have: the link stays text, as MediaWiki leaves it.
  { name: 'wiki link target', markup: (p) => `[[${p}]]` },
  { name: 'wiki link target with a label', markup: (p) => `[[${p}|label]]` },
  { name: 'wiki link label', markup: (p) => `[[Target|${p}]]`, took: /<a href="\/wiki\/Target[?"]/, min: 0.8 },
  { name: 'link destination', markup: (p) => `[text](${p})` },
  { name: 'link destination in brackets', markup: (p) => `[text](<${p}>)` },
  { name: 'autolink', markup: (p) => `<${p}>` },
];
const CITATIONS: readonly Channel[] = [
  { name: 'citation prefix', markup: (p, i) => `Prefixed.[see ${p} @${KEY}, p. ${i + 1}]`, took: /<sup class="rp">/, min: 0.75 },
  { name: 'citation suffix', markup: (p, i) => `Suffixed.[@${KEY}, p. ${i + 1}, ${p}]`, took: /<sup class="rp">/, min: 0.75 },
  { name: 'citation locator', markup: (p) => `Located.[@${KEY}, {${p}}]`, took: /<sup class="rp">/, min: 0.75 },
  { name: 'citation key', markup: (p) => `Unknown.[@x${p}]`, took: /class="cite-error"/, min: 0.75 },
  { name: 'citation in a note', markup: (p, i) => `Noted.[^c${i}]\n\n[^c${i}]: As argued in [see ${p} @${KEY}, p. 2].`, took: /<span class="citation">\(/, min: 0.75 },
  { name: 'footnote', markup: (p, i) => `Claimed.[^n${i}]\n\n[^n${i}]: ${p.replace(/\n/g, '\n    ')}`, took: /<ol class="notes"/, min: 0.95 },
];

const STRUCTURE: readonly Channel[] = [
  // Sixteen headings a page: each gets an anchor made of its text, and the page a table of contents.
  { name: 'section heading', markup: (p) => `## ${p}`, took: /<h2 id="/, min: 0.95 },
  { name: 'section link', markup: (p) => `[[#${p}]] and [[Target#${p}|label]]` },
  { name: 'table cell', markup: (p) => `| Column |\n| :-: |\n| ${p} |`, took: /<td class="align-center">/, min: 0.9 },
];

/** The infobox's text fields per kind; values past the single fields go to the kind's list, and to film notes. */
const KINDS = ['event', 'person', 'treaty', 'place', 'organisation', 'topic'] as const;
const SINGLE: Record<(typeof KINDS)[number], readonly string[]> = { event: ['place', 'outcome'], person: ['birthplace', 'nationality'], treaty: ['place'], place: ['country'], organisation: ['headquarters', 'type'], topic: [] };
const LIST: Partial<Record<(typeof KINDS)[number], string>> = { event: 'participants', person: 'roles', treaty: 'parties' };

/** Front matter of `kind` holding the payloads, each as a double-quoted YAML string (JSON's form is YAML's). */
function frontMatter(kind: (typeof KINDS)[number], payloads: readonly string[]): string {
  const fm: Record<string, unknown> = { kind, image: '/files/wiki-xss/infobox.jpg' };
  const singles = [...SINGLE[kind], 'caption'];
  const list: string[] = [];
  const films: { film: string; at: string; note: string }[] = [];
  payloads.forEach((p, j) => {
    if (j < singles.length) fm[singles[j]!] = p;
    else if (LIST[kind] && j % 2 === 0) list.push(p);
    else films.push({ film: FILM, at: '00:01:00', note: p });
  });
  if (list.length) fm[LIST[kind]!] = list;
  if (films.length) fm.films = films;
  return `---\n${Object.entries(fm).map(([k, v]) => `${k}: ${JSON.stringify(v)}`).join('\n')}\n---\n`;
}

/** What went into each channel: payloads stored, and refusals by error code. */
interface Tally {
  readonly stored: Set<number>;
  readonly refused: Map<number, string>;
  landed?: number;
}

describe.skipIf(!ready)('hostile markup in wiki articles, sources, summaries and titles never runs in Chromium', () => {
  let archive: TestArchive;
  let browser: Browser;
  let base: string;
  let editor: Actor;
  const tallies = new Map<string, Tally>();
  /** Every saved article and the family of channels it holds. */
  const articles: { title: string; family: string }[] = [];
  const summaryPage = 'Xss edit summaries';
  const summaryRevisions: number[] = [];
  const sources: number[] = [];

  const tally = (channel: string): Tally => {
    if (!tallies.has(channel)) tallies.set(channel, { stored: new Set(), refused: new Map() });
    return tallies.get(channel)!;
  };
  /** Runs a write for these channels and payloads; a refusal must be a clear `invalid` AppError, and is recorded. */
  const attempt = async <T,>(channels: readonly string[], indices: readonly number[], write: () => Promise<T>): Promise<T | undefined> => {
    try {
      const out = await write();
      for (const c of channels) for (const i of indices) tally(c).stored.add(i);
      return out;
    } catch (e) {
      expect(isAppError(e) && e.kind === 'invalid', `${channels.join(', ')}: ${String(e)}`).toBe(true);
      for (const c of channels) for (const i of indices) tally(c).refused.set(i, isAppError(e) ? e.code : '?');
      return undefined;
    }
  };
  const preview = async (markup: string) => (await archive.wiki.preview(editor, 'Probe', markup)).html;
  const save = (title: string, markup: string, summary = '', baseRevisionId: number | null = null) => archive.wiki.save(editor, title, { markup, summary, baseRevisionId });
  const chunks = (xs: readonly number[]) => Array.from({ length: Math.ceil(xs.length / PER_PAGE) }, (_, k) => xs.slice(k * PER_PAGE, (k + 1) * PER_PAGE));

  /**
   * Spreads payloads over pages of about PER_PAGE. A payload that swallows the text after it (an
   * HTML block that never closes, an open code fence) goes last on a page, one per page, so every
   * other payload is still parsed on its own.
   */
  const pagesOf = async (fragment: (i: number) => string): Promise<number[][]> => {
    const swallows: number[] = [];
    for (const i of ALL) if (!(await preview(`${fragment(i)}\n\nKinora sentinel.`)).includes('<p>Kinora sentinel.</p>')) swallows.push(i);
    const rest = ALL.filter((i) => !swallows.includes(i));
    const pages: number[][] = Array.from({ length: Math.ceil(ALL.length / PER_PAGE) }, () => []);
    rest.forEach((i, k) => pages[Math.floor((k * pages.length) / rest.length)]!.push(i));
    expect(swallows.length).toBeLessThanOrEqual(pages.length);
    swallows.forEach((i, k) => pages[k]!.push(i));
    return pages;
  };

  /** A family of articles: each payload as a group of paragraphs, one per channel; then how many land in each construct. */
  const saveFamily = async (family: string, channels: readonly Channel[]) => {
    const fragment = (i: number) => channels.map((c) => c.markup(PAYLOADS[i]!, i)).join('\n\n');
    for (const [k, page] of (await pagesOf(fragment)).entries()) {
      const title = `Xss ${family} ${k + 1}`;
      // "Kinorawiki": a word of the archive's own in every article, for the search page to find.
      const saved = await attempt(channels.map((c) => c.name), page, () => save(title, `Kinorawiki ${family} article.\n\n${page.map(fragment).join('\n\n')}\n`, family));
      if (saved) articles.push({ title, family });
    }
    // Each payload alone, so that none hides another.
    for (const c of channels) if (c.took) tally(c.name).landed = (await Promise.all(ALL.map(async (i) => c.took!.test(await preview(c.markup(PAYLOADS[i]!, i)))))).filter(Boolean).length;
  };

  /** Articles with typed front matter, kinds in turn; a payload the schema refuses is probed alone and replaced by plain text. */
  const saveFrontMatter = async () => {
    for (const [k, page] of chunks(ALL).entries()) {
      const kind = KINDS[k % KINDS.length]!;
      const values: string[] = [];
      for (const [j, i] of page.entries()) {
        const alone = [...Array<string>(j).fill('Plain'), PAYLOADS[i]!];
        values.push((await attempt(['front matter'], [i], () => preview(`${frontMatter(kind, alone)}Probe.`))) === undefined ? 'Plain' : PAYLOADS[i]!);
      }
      const title = `Xss front matter ${k + 1}`;
      if (await attempt(['front matter (page)'], page, () => save(title, `${frontMatter(kind, values)}Kinorawiki front matter article, a ${kind}.\n`, 'front matter'))) articles.push({ title, family: 'front matter' });
    }
  };

  /** One source per payload (title, author, note), and articles whose bibliographies and notes cite them. */
  const saveSources = async () => {
    for (const [i, p] of PAYLOADS.entries()) {
      // Half of them lack a date and a publisher, so Special:Citations lists them as incomplete.
      const dated = i % 2 === 0 ? { issued: { 'date-parts': [[1990]] }, publisher: 'Plain Press' } : {};
      if (await attempt(['source title, author and note'], [i], () => archive.sources.create(editor, { key: `xss${i}`, type: 'book', title: p, author: [{ family: p, given: 'Ann' }], note: p, ...dated }))) sources.push(i);
    }
    for (const [k, page] of chunks(sources).entries()) {
      const title = `Xss bibliography ${k + 1}`;
      const cites = page.map((i) => `Cited.[@xss${i}, p. 4]\n\nNoted.[^b${i}]\n\n[^b${i}]: See [@xss${i}, p. 5].`).join('\n\n');
      if (await attempt(['bibliography'], page, () => save(title, `Kinorawiki bibliography article.\n\n${cites}\n`, 'bibliography'))) articles.push({ title, family: 'bibliography' });
    }
  };

  /** Every payload as a title: nearly all are refused (titles cannot hold < > [ ] { } | / \\ %), the rest become pages. */
  const saveTitles = async () => {
    for (const [i, p] of PAYLOADS.entries()) {
      const saved = await attempt(['title'], [i], () => save(p, 'Kinorawiki title article.', 'title'));
      if (saved) articles.push({ title: saved.title, family: 'title' });
    }
  };

  /**
   * Two payloads to an edit summary, on one page, saved last: Special:RecentChanges shows the
   * latest 100 revisions, so all of them. Each revision also adds its two payloads to the text, so
   * the diff of the first and the last revision shows every payload.
   */
  const saveSummaries = async () => {
    let base = (await save(summaryPage, 'Revision 0.')).revisionId;
    summaryRevisions.push(base);
    for (let k = 0; k * 2 < PAYLOADS.length; k++) {
      const pair = ALL.slice(k * 2, k * 2 + 2);
      const text = `Revision ${k + 1}.\n\n${PAYLOADS.slice(0, k * 2 + 2).join('\n\n')}\n`;
      const saved = await attempt(['edit summary'], pair, () => save(summaryPage, text, pair.map((i) => PAYLOADS[i]).join(' '), base));
      if (saved) summaryRevisions.push((base = saved.revisionId));
    }
  };

  beforeAll(async () => {
    mkdirSync(ARTIFACTS, { recursive: true });
    archive = await createTestArchive(DIALECTS[0]!);
    await archive.catalog.import(aCatalog({ films: [aFilm({ slug: FILM, title: 'The Hostile Footnote' })] }), { actor: 'test' });
    editor = userActor(await archive.accounts.createUser(systemActor('test'), { username: 'wiki_editor', password: PASSWORD }, 'contributor'));
    await archive.sources.create(editor, { key: KEY, type: 'book', title: 'A Plain Source', author: [{ family: 'Plain', given: 'Ann' }], issued: { 'date-parts': [[1990]] }, publisher: 'Plain Press' });
    await archive.wiki.save(editor, 'Target', { markup: 'The page the labelled links lead to.', baseRevisionId: null });
    await saveFamily('text', [{ name: 'article text', markup: (p) => p }]);
    await saveFamily('links', LINKS);
    await saveFamily('citations', CITATIONS);
    await saveFamily('captions', [CAPTIONS]);
    await saveFamily('structure', STRUCTURE);
    await saveFrontMatter();
    await saveSources();
    await saveTitles();
    await saveSummaries();
    base = await archive.app.listen({ port: 0, host: '127.0.0.1' });
    browser = await launchChromium();
  });
  afterAll(async () => {
    await browser?.close();
    await archive?.destroy();
  });

  const firstOfFamily = (a: (typeof articles)[number]) => articles.find((b) => b.family === a.family) === a;
  /** Every text, front matter and title page, and the first page of each other family. */
  const sample = () => articles.filter((a) => ['text', 'front matter', 'title'].includes(a.family) || firstOfFamily(a));

  /** A tab whose `ran()` says whether any payload ran in it (set `window.__xss`, or opened a dialog). */
  interface Tab {
    readonly page: Page;
    ran(): Promise<boolean>;
  }
  type Session = Awaited<ReturnType<BrowserContext['storageState']>>;

  /**
   * `n` tabs with the site's CSP bypassed, signed in with `session`; each in its own context, as
   * tabs sharing one were seen to wait up to a second for a mouse move.
   */
  async function open(n: number, session?: Session): Promise<{ tabs: Tab[]; close: () => Promise<void> }> {
    const contexts = await Promise.all(Array.from({ length: n }, () => browser.newContext({ baseURL: base, bypassCSP: true, ...(session ? { storageState: session } : {}) })));
    const tabs = await Promise.all(contexts.map(async (context) => {
      context.setDefaultTimeout(10_000);
      const page = await context.newPage();
      return { page, ran: watchForXss(page) };
    }));
    return { tabs, close: async () => void (await Promise.all(contexts.map((c) => c.close()))) };
  }

  /** Runs `visit` for every item, each tab taking the next item when it is done with one. */
  async function inTabs<T>(tabs: readonly Tab[], items: readonly T[], visit: (tab: Tab, item: T) => Promise<void>): Promise<void> {
    let next = 0;
    await Promise.all(tabs.map(async (tab) => {
      while (next < items.length) await visit(tab, items[next++]!);
    }));
  }

  /**
   * A reader moving over and focusing everything, for payloads that wait for one. The mouse goes
   * to the middle of each innermost element of `hover` (the elements and everything in them) that
   * has a box, so the pointer is over all its ancestors too, scrolling as needed; elements without
   * a box get the same events dispatched; then Tab, once round the page's focusable elements, up
   * to 40 times.
   */
  async function provoke(page: Page, hover: string): Promise<void> {
    const { width, height } = page.viewportSize()!;
    const points = await page.locator(hover).evaluateAll((roots) => [...new Set(roots.flatMap((r) => [r, ...r.querySelectorAll('*')]))].flatMap((el) => {
      const boxed = (e: Element) => {
        const r = e.getBoundingClientRect();
        return r.width > 0 && r.height > 0;
      };
      if (!boxed(el)) {
        for (const type of ['pointerover', 'pointerenter', 'mouseover', 'mouseenter', 'mousemove', 'focus', 'focusin']) el.dispatchEvent(new Event(type, { bubbles: true }));
        return [];
      }
      if ([...el.children].some(boxed)) return [];
      const r = el.getBoundingClientRect();
      return [[Math.round(r.left + r.width / 2), Math.round(r.top + window.scrollY + r.height / 2)] as const];
    }));
    let top = -1;
    for (const [x, y] of [...new Map(points.map((p) => [`${p[0]},${p[1]}`, p])).values()].sort((a, b) => a[1] - b[1])) {
      if (y < top || y >= top + height) {
        // This Chromium's scrollTo returns a promise, not undefined: read the position on its own.
        top = await page.evaluate((t) => {
          window.scrollTo(0, t);
          return window.scrollY;
        }, Math.max(0, y - 10));
      }
      if (x >= 0 && x < width && y >= top && y < top + height) await page.mouse.move(x, y - top);
    }
    const stops = await page.locator('a[href], button, input, select, textarea, [tabindex]').count();
    for (let i = 0; i < Math.min(40, stops + 1); i++) await page.keyboard.press('Tab');
    await page.waitForTimeout(100);
  }

  /** Nothing of a payload survives as code: no script element and no event handler inside `scope`, no script URL anywhere on the page. */
  async function expectInert(tab: Tab, scope: string, what: string): Promise<void> {
    const found = await tab.page.evaluate((scope) => {
      const inScope = [...document.querySelectorAll(`${scope}, ${scope} *`)];
      const urls = ['href', 'src', 'srcset', 'action', 'formaction', 'xlink:href', 'data', 'poster', 'background', 'srcdoc'];
      return {
        scripts: inScope.filter((el) => el.tagName.toLowerCase() === 'script').length,
        handlers: inScope.flatMap((el) => [...el.attributes].filter((a) => /^on/i.test(a.name)).map((a) => `<${el.tagName.toLowerCase()} ${a.name}>`)),
        scriptUrls: [...document.querySelectorAll('*')].flatMap((el) => urls.flatMap((name) => {
          const v = el.getAttribute(name);
          return v !== null && (name === 'srcdoc' || /^(javascript|vbscript|data):/i.test(v.replace(/[\u0000-\u0020]/g, ''))) ? [`<${el.tagName.toLowerCase()} ${name}="${v}">`] : [];
        })),
      };
    }, scope);
    expect(found, what).toEqual({ scripts: 0, handlers: [], scriptUrls: [] });
    expect(await tab.ran(), what).toBe(false);
  }

  /** Loads `url`, expects its status, provokes what is in `hover`, and checks `scope`. */
  async function visit(tab: Tab, url: string, hover: string, o: { scope?: string; status?: number } = {}): Promise<void> {
    const res = await tab.page.goto(url);
    expect(res?.status(), url).toBe(o.status ?? 200);
    await provoke(tab.page, hover);
    await expectInert(tab, o.scope ?? 'main', url);
  }

  it(`reads all ${PAYLOADS.length} payloads of the corpus, its \`# …\` payload included`, () => {
    expect(PAYLOADS.length).toBeGreaterThanOrEqual(100);
    expect(new Set(PAYLOADS).size).toBe(PAYLOADS.length);
    expect(PAYLOADS).toContain('# <svg onload=window.__xss=1>');
  });

  it('stores the payloads in every channel, and refuses only with clear invalid errors', () => {
    const lines = [...tallies].map(([name, t]) => `${name}: ${t.stored.size} stored, ${t.refused.size} refused${t.landed === undefined ? '' : `, ${t.landed} in the construct`}`);
    process.stdout.write(`\nWiki channels (${PAYLOADS.length} payloads):\n  ${lines.join('\n  ')}\n`);
    // Every payload is accounted for in every channel; the bibliography cites the sources that were stored.
    for (const [name, t] of tallies) expect(t.stored.size + t.refused.size, name).toBe(name === 'bibliography' ? sources.length : PAYLOADS.length);
    // Markdown text is never refused: whatever an author writes is stored and shown as what it is.
    for (const c of ['article text', ...[CAPTIONS, ...LINKS, ...CITATIONS, ...STRUCTURE].map((l) => l.name), 'front matter', 'front matter (page)', 'edit summary']) {
      expect(tally(c).stored.size, c).toBe(PAYLOADS.length);
    }
    // The source registry refuses control characters (a tab, a line break, NUL, a vertical tab)
    // in a title or a name: 6 of the 111 payloads hold one, so 105 are stored (94.6%).
    const src = tally('source title, author and note');
    expect(src.stored.size / PAYLOADS.length).toBeGreaterThanOrEqual(0.9);
    expect(new Set(src.refused.values())).toEqual(new Set(src.refused.size ? ['invalid_source'] : []));
    for (const i of src.refused.keys()) expect(PAYLOADS[i], String(i)).toMatch(/\p{Cc}/u);
    expect(tally('bibliography').stored.size).toBe(src.stored.size);
    // Titles cannot hold # < > [ ] { } | / \ % or control characters: all but a few payloads are refused, each clearly.
    const titles = tally('title');
    expect(new Set(titles.refused.values())).toEqual(new Set(['invalid_title']));
    for (const i of titles.stored) expect(PAYLOADS[i]).not.toMatch(/[#<>[\]{}|/\\%]/);
    // The share of payloads whose syntax still holds, so the construct really gets them. Measured on
    // this corpus: captions 109 of 111 (a code fence or `<script` opening a line of the caption
    // ends the paragraph, so the image is no longer alone in it); citations 89 (Pandoc's syntax
    // ends a citation at `]`, splits it at `;`, and a `[` inside makes it text: 22 payloads hold one,
    // entities such as `&#106;` included); labels 96 (a `[`, `]]` or a line break ends the link).
    for (const c of [CAPTIONS, ...LINKS, ...CITATIONS, ...STRUCTURE]) if (c.took) expect(tally(c.name).landed! / PAYLOADS.length, c.name).toBeGreaterThanOrEqual(c.min!);
  });

  it('runs none of them on the article views, hovered and focused', async () => {
    const { tabs, close } = await open(TABS);
    try {
      await inTabs(tabs, articles, (tab, a) => visit(tab, titlePath(a.title), '.wiki-body, ul.films-covering'));
      const { page } = tabs[0]!;
      await page.goto(titlePath('Xss text 1'));
      // The payloads are shown as the text they are.
      expect(await page.locator('.wiki-body').innerText()).toContain('<img src=x onerror=window.__xss=1>');
      await page.screenshot({ path: `${ARTIFACTS}31-wiki-xss-text.png`, fullPage: false });
      await page.goto(titlePath('Xss captions 1'));
      expect(await page.locator('.wiki-body figure.thumb figcaption').count()).toBeGreaterThan(PER_PAGE / 2);
      await page.goto(titlePath('Xss bibliography 1'));
      expect(await page.locator('.wiki-body ul.bibliography').innerText()).toContain(PAYLOADS[0]);
      await page.goto(titlePath('Xss structure 1'));
      expect(await page.locator('.wiki-body nav.toc li').count()).toBeGreaterThan(PER_PAGE / 2);
      await page.goto(titlePath('Xss front matter 1'));
      expect(await page.locator('.wiki-body table.infobox td').count()).toBeGreaterThan(2);
      expect(await page.locator('.wiki-body table.infobox').innerText()).toContain(PAYLOADS[0]);
      expect(await page.locator('ul.films-covering li').count()).toBeGreaterThan(2);
      await page.screenshot({ path: `${ARTIFACTS}32-wiki-xss-infobox.png`, fullPage: false });
    } finally {
      await close();
    }
  }, 120_000);

  it('runs none of them in the edit form, nor in a preview posted from it, signed in', async () => {
    const login = await open(1);
    let session: Session;
    try {
      const { page } = login.tabs[0]!;
      await page.goto('/login?next=/account');
      await page.getByLabel('Username').fill('wiki_editor');
      await page.getByLabel('Password').fill(PASSWORD);
      await page.getByRole('button', { name: 'Log in' }).click();
      await page.waitForURL((u) => u.pathname === '/account');
      session = await page.context().storageState();
    } finally {
      await login.close();
    }
    const { tabs, close } = await open(TABS, session);
    try {
      // The form gives back exactly the stored text: no payload closes the textarea. The text pages
      // hold every payload as it is; the first page of each other family, each payload wrapped.
      await inTabs(tabs, sample(), async (tab, a) => {
        await visit(tab, `${titlePath(a.title)}?action=edit`, 'main h1, main nav, #markup');
        expect(await tab.page.locator('#markup').inputValue(), a.title).toBe((await archive.wiki.latest(a.title))!.markup);
      });
      // Previews of new pages with the same text: every text page, and the first page of each other family.
      await inTabs(tabs, sample().filter((a) => a.family === 'text' || firstOfFamily(a)).map((a, k) => ({ ...a, k })), async (tab, a) => {
        const url = `${titlePath(`Xss preview ${a.k + 1}`)}?action=edit`;
        expect((await tab.page.goto(url))?.status(), url).toBe(200);
        await tab.page.locator('#markup').fill((await archive.wiki.latest(a.title))!.markup);
        const [res] = await Promise.all([tab.page.waitForResponse((r) => r.request().method() === 'POST'), tab.page.getByRole('button', { name: 'Preview' }).click()]);
        expect(res.status(), a.title).toBe(200);
        await tab.page.waitForLoadState();
        expect(await tab.page.locator('section.preview .wiki-body').count(), a.title).toBe(1);
        await provoke(tab.page, 'section.preview .wiki-body');
        await expectInert(tab, 'main', `preview of ${a.title}`);
      });
      await tabs[0]!.page.screenshot({ path: `${ARTIFACTS}33-wiki-xss-preview.png`, fullPage: false });
    } finally {
      await close();
    }
    expect(await archive.wiki.latest('Xss preview 1')).toBeNull();
  }, 120_000);

  it('runs none of them in histories, recent changes and the special pages', async () => {
    const { tabs, close } = await open(TABS);
    try {
      const histories = [summaryPage, ...sample().filter((a) => a.family !== 'text').map((a) => a.title)];
      await inTabs(tabs, histories, (tab, title) => visit(tab, `${titlePath(title)}?action=history`, 'main h1, table.history td'));
      const { page } = tabs[0]!;
      await page.goto(`${titlePath(summaryPage)}?action=history`);
      expect(await page.locator('table.history tbody tr').count()).toBe(Math.ceil(PAYLOADS.length / 2) + 1);
      expect(await page.locator('table.history').innerText()).toContain('<script>window.__xss=1</script> <SCRIPT>window.__xss=1</SCRIPT>');
      await visit(tabs[0]!, '/wiki/Special:RecentChanges', 'ul.recent-changes');
      // Saved last, every summary is among the latest 100 revisions the page lists, the first one too.
      expect(await page.locator('ul.recent-changes').innerText()).toContain(`${PAYLOADS[0]} ${PAYLOADS[1]}`);
      expect(await page.locator('ul.recent-changes li').filter({ hasText: summaryPage }).count()).toBe(Math.ceil(PAYLOADS.length / 2) + 1);
      await page.screenshot({ path: `${ARTIFACTS}34-wiki-xss-recent-changes.png`, fullPage: false });
      await visit(tabs[0]!, `${titlePath(summaryPage)}?action=diff&from=${summaryRevisions[0]}&to=${summaryRevisions.at(-1)}`, 'table.diff ins');
      expect(await page.locator('table.diff ins').filter({ hasText: '<script>window.__xss=1</script>' }).count()).toBeGreaterThan(0);
      await inTabs(tabs, ['Citations', 'AllPages', 'WantedPages'], (tab, name) => visit(tab, `/wiki/Special:${name}`, 'ul.special-list'));
      await page.goto('/wiki/Special:Citations');
      // Unknown keys taken from the payloads are listed as the text they are.
      expect(await page.locator('ul.special-list').innerText()).toContain('@x<script>window.__xss');
      // Every payload as the address of a page: the error page quotes an invalid title back (it has
      // no article content to move over), a valid one is the saved page.
      const titles = tally('title');
      await inTabs(tabs, ALL, async (tab, i) => {
        const url = `/wiki/${encodeURIComponent(PAYLOADS[i]!)}`;
        expect((await tab.page.goto(url))?.status(), url).toBe(titles.stored.has(i) ? 200 : 400);
        await expectInert(tab, 'main', url);
      });
    } finally {
      await close();
    }
  }, 120_000);

  it('runs none of them on the source pages, the registry, the search page and the film page', async () => {
    const { tabs, close } = await open(TABS);
    try {
      await inTabs(tabs, sources, (tab, i) => visit(tab, `/sources/xss${i}`, 'main h1, main dl'));
      await visit(tabs[0]!, '/sources', 'table.sources td');
      const { page } = tabs[0]!;
      expect(await page.locator('table.sources tbody tr').count()).toBe(sources.length + 1);
      // The search page finds the articles by words of the payloads, and shows them in its snippets.
      await inTabs(tabs, ['window', 'onerror', 'javascript', 'script', 'Kinorawiki'], async (tab, q) => {
        await visit(tab, `/search?q=${q}`, 'ul.article-hits');
        expect(await tab.page.locator('ul.article-hits li').count(), q).toBeGreaterThan(0);
      });
      // The film the front matter names lists the articles, with the payloads as their notes.
      await visit(tabs[0]!, `/films/${FILM}`, 'ul.background');
      expect(await page.locator('h2#background').innerText()).toBe('Background in the wiki');
      expect(await page.locator('ul.background li').count()).toBeGreaterThan(PAYLOADS.length / 3);
      expect(await page.locator('ul.background').innerText()).toContain('<script>window.__xss=1</script>');
      await page.screenshot({ path: `${ARTIFACTS}35-wiki-xss-film.png`, fullPage: false });
    } finally {
      await close();
    }
  }, 120_000);

  it('sends the Content-Security-Policy on the wiki\'s pages too', async () => {
    for (const url of [titlePath('Xss text 1'), `${titlePath('Xss text 1')}?action=history`, '/wiki/Special:RecentChanges', '/sources/xss0', `/films/${FILM}`]) {
      const res = await fetch(`${base}${url}`);
      expect(res.headers.get('content-security-policy'), url).toBe(CONTENT_SECURITY_POLICY);
    }
  });
});
