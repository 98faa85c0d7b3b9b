import type MarkdownIt from 'markdown-it';
import type StateInline from 'markdown-it/lib/rules_inline/state_inline.mjs';
import { normalizeTitle } from '../title.ts';
import type { WikiEnv } from './wiki.env.ts';

/** What a `[[…]]` link holds once parsed. */
export interface WikiLinkMeta {
  /** The target's normalised title; null for a link to a section of the same page (`[[#Aftermath]]`). */
  readonly title: string | null;
  readonly section: string | null;
  readonly label: string;
}

/** A link is short: a title (200) and a label; a `[[` with no `]]` this near is text. */
const MAX_LINK = 600;

/** MediaWiki's pipe trick: `[[Nanook (film)|]]` shows "Nanook", `[[Category:Films|]]` shows "Films". */
const pipeTrick = (target: string) => target.replace(/^:?[^:]*:/, '').replace(/\s*\([^)]*\)\s*$/, '').replace(/,.*$/, '').trim();

function wikilink(state: StateInline, silent: boolean): boolean {
  const src = state.src;
  const start = state.pos;
  if (src.charCodeAt(start) !== 0x5b || src.charCodeAt(start + 1) !== 0x5b) return false;
  const limit = Math.min(state.posMax, start + MAX_LINK);
  let end = -1;
  for (let i = start + 2; i < limit - 1; i++) {
    const c = src.charCodeAt(i);
    if (c === 0x5d) {
      if (src.charCodeAt(i + 1) === 0x5d) end = i;
      break;
    }
    if (c === 0x5b || c === 0x0a) return false;
  }
  if (end < 0) return false;
  const inner = src.slice(start + 2, end);
  const bar = inner.indexOf('|');
  const target = bar < 0 ? inner : inner.slice(0, bar);
  const hash = target.indexOf('#');
  const page = hash < 0 ? target : target.slice(0, hash);
  const section = hash < 0 ? null : target.slice(hash + 1).trim() || null;
  const title = page.trim() === '' ? null : normalizeTitle(page);
  if (!title && !(page.trim() === '' && section)) return false;
  // MediaWiki's link trail: `[[documentary]]s` links the whole word.
  let after = end + 2;
  let trail = '';
  while (after < state.posMax && trail.length < 40) {
    const c = src.charCodeAt(after);
    if (c < 0x61 || c > 0x7a) break;
    trail += src[after];
    after++;
  }
  const categorises = title?.namespace === 'Category' && !target.trimStart().startsWith(':');
  if (categorises) {
    trail = '';
    after = end + 2;
  }
  if (!silent) {
    const env = state.env as WikiEnv;
    if (categorises) {
      env.wiki.categories.add(title!.name);
    } else {
      const labelText = bar < 0 ? target.trim().replace(/^:/, '') : inner.slice(bar + 1).trim() || pipeTrick(target);
      const token = state.push('wikilink', '', 0);
      token.meta = { title: title?.text ?? null, section, label: labelText + trail } satisfies WikiLinkMeta;
      if (title) env.wiki.links.add(title.text);
    }
  }
  state.pos = after;
  return true;
}

/** `[[Title]]`, `[[Title|label]]`, `[[Title#Section]]`, `[[Category:Name]]` (categorises the page) and `[[:Category:Name]]` (links to it). */
export function wikiLinksPlugin(md: MarkdownIt): void {
  md.inline.ruler.before('link', 'wikilink', wikilink);
}
