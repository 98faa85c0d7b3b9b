import type { ExportDump, ImportPlan, PlannedPage, PlannedRevision, SkippedPage } from './mediawiki.types.ts';
import { normalizeTitle } from '../title.ts';
import { convertWikitext, type WikitextConversion } from './wikitext.convert.ts';

/** The namespaces Kinora imports: articles and their categories. */
const IMPORTED = new Set([0, 14]);
/** MediaWiki's standard namespace names, to say in plain words what a skipped page was. */
const NAMESPACE_NAMES: Readonly<Record<number, string>> = {
  [-2]: 'Media', [-1]: 'Special', 1: 'Talk', 2: 'User', 3: 'User talk', 4: 'Project', 5: 'Project talk', 6: 'File',
  7: 'File talk', 8: 'MediaWiki', 9: 'MediaWiki talk', 10: 'Template', 11: 'Template talk', 12: 'Help', 13: 'Help talk',
  15: 'Category talk', 100: 'Portal', 101: 'Portal talk', 118: 'Draft', 119: 'Draft talk', 828: 'Module', 829: 'Module talk',
};

/**
 * Decides what importing a MediaWiki export would write, without writing: every article and
 * category page with each revision converted to Kinora markup, and every other page skipped.
 */
export function planImport(dump: ExportDump): ImportPlan {
  const pages: PlannedPage[] = [];
  const skipped: SkippedPage[] = [];
  const seen = new Set<string>();
  for (const page of dump.pages) {
    const title = normaliseTitle(page.title, page.ns);
    const shown = title || page.title;
    if (!IMPORTED.has(page.ns)) {
      const name = NAMESPACE_NAMES[page.ns];
      skipped.push({ title: shown, ns: page.ns, reason: `namespace ${page.ns}${name ? ` (${name})` : ''} is not imported; only articles and categories are` });
    } else if (title === '') {
      skipped.push({ title: shown, ns: page.ns, reason: 'the title cannot be a Kinora title: 1 to 200 characters without # < > [ ] { } | / \\ %' });
    } else if (page.ns === 0 && normalizeTitle(title)?.namespace !== '') {
      skipped.push({ title: shown, ns: page.ns, reason: `the title would fall in Kinora's ${normalizeTitle(title)?.namespace} namespace` });
    }
    else if (page.revisions.length === 0) skipped.push({ title: shown, ns: page.ns, reason: 'the page has no revisions' });
    else if (seen.has(title)) skipped.push({ title: shown, ns: page.ns, reason: `another page of the export is also titled "${title}"` });
    else {
      seen.add(title);
      const conversions = page.revisions.map((r) => convertWikitext(r.text));
      const revisions = page.revisions.map((r, k): PlannedRevision => ({
        markup: conversions[k]!.markup,
        summary: r.comment,
        author: r.contributor,
        timestamp: r.timestamp,
        sourceRevisionId: r.id,
      }));
      pages.push({ title, revisions, unconverted: unconvertedOf(conversions), sources: conversions[conversions.length - 1]!.sources });
    }
  }
  return { pages, skipped };
}

/** What a page's conversions left behind, the newest revision's first, each line once. */
function unconvertedOf(conversions: readonly WikitextConversion[]): string[] {
  const lines = new Set<string>();
  for (let k = conversions.length - 1; k >= 0; k--) for (const line of conversions[k]!.unconverted) lines.add(line);
  return [...lines];
}

/**
 * A page's title as Kinora has it (see src/wiki/title.ts: spaces for underscores, the first letter
 * upper case), or '' when Kinora cannot hold it. A category keeps its name after the prefix,
 * whatever the wiki's language called the namespace (`Kategorie:`).
 */
export function normaliseTitle(title: string, ns = 0): string {
  if (ns !== 14) return normalizeTitle(title)?.text ?? '';
  const colon = title.indexOf(':');
  return normalizeTitle(`Category:${colon < 0 ? title : title.slice(colon + 1)}`)?.text ?? '';
}
