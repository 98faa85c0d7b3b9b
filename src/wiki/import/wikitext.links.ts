/** Namespaces of a link target; a link into one of them is an ordinary link, not an interwiki. */
const NAMESPACES = new Set(['talk', 'user', 'user talk', 'wikipedia', 'wikipedia talk', 'project', 'project talk',
  'file talk', 'image talk', 'mediawiki', 'mediawiki talk', 'template', 'template talk', 'help', 'help talk',
  'category talk', 'portal', 'portal talk', 'draft', 'draft talk', 'special', 'module', 'module talk', 'wp', 'wt',
  'cat', 'mos', 'timedtext', 'gadget']);
/** Interwiki prefixes of the Wikimedia projects, beside the language codes. */
const INTERWIKI = new Set(['w', 'wikt', 'wiktionary', 'commons', 'c', 'meta', 'm', 'mw', 's', 'wikisource', 'q',
  'wikiquote', 'b', 'wikibooks', 'n', 'wikinews', 'v', 'wikiversity', 'voy', 'wikivoyage', 'species', 'wikispecies',
  'd', 'wikidata', 'f', 'foundation', 'wmf', 'phab', 'imdb']);
const LANGUAGE_CODE = /^[a-z]{2,3}(?:-[a-z0-9]{2,8}){0,3}$/;

/** What an internal link `[[target|label]]` becomes. */
export type LinkOutcome =
  | { readonly kind: 'keep' }
  | { readonly kind: 'category'; readonly markup: string }
  | { readonly kind: 'drop'; readonly report: string }
  | { readonly kind: 'text'; readonly text: string; readonly report: string };

/**
 * Sorts a link by its target: articles stay links, categories lose their sort key, files and
 * language links go (Kinora imports neither), other wikis keep their text.
 */
export function classifyLink(target: string, hasLabel: boolean): LinkOutcome {
  const t = target.trim();
  const leadingColon = t.startsWith(':');
  const bare = leadingColon ? t.slice(1).trimStart() : t;
  const colon = bare.indexOf(':');
  if (colon <= 0) return { kind: 'keep' };
  const prefix = bare.slice(0, colon).trim().toLowerCase().replace(/[\s_]+/g, ' ');
  const rest = bare.slice(colon + 1).trim();
  if (prefix === 'file' || prefix === 'image' || prefix === 'media') {
    return { kind: 'drop', report: `file [[File:${rest}]] dropped` };
  }
  if (prefix === 'category') return leadingColon ? { kind: 'keep' } : { kind: 'category', markup: `[[Category:${rest}]]` };
  if (NAMESPACES.has(prefix)) return { kind: 'keep' };
  if (INTERWIKI.has(prefix)) return { kind: 'text', text: hasLabel ? '' : bare, report: `interwiki link [[${bare}]] dropped (text kept)` };
  if (LANGUAGE_CODE.test(prefix)) {
    // Without a leading colon a language link is invisible: it only links the page's translations.
    return leadingColon
      ? { kind: 'text', text: hasLabel ? '' : bare, report: `interwiki link [[${bare}]] dropped (text kept)` }
      : { kind: 'drop', report: `language link [[${bare}]] dropped` };
  }
  return { kind: 'keep' };
}
