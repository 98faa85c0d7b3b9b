import type MarkdownIt from 'markdown-it';
import type StateCore from 'markdown-it/lib/rules_core/state_core.mjs';
import type StateInline from 'markdown-it/lib/rules_inline/state_inline.mjs';
import { parseCitation } from './citation.parse.ts';
import type { CitationMeta, WikiEnv } from './wiki.env.ts';

const MAX_CITATION = 2000;

function citation(state: StateInline, silent: boolean): boolean {
  const src = state.src;
  const start = state.pos;
  if (src.charCodeAt(start) !== 0x5b) return false;
  const next = src.charCodeAt(start + 1);
  // `[[…]]` is a wiki link, `[^…]` a footnote.
  if (next === 0x5b || next === 0x5e) return false;
  const limit = Math.min(state.posMax, start + MAX_CITATION);
  let end = -1;
  for (let i = start + 1; i < limit; i++) {
    const c = src.charCodeAt(i);
    if (c === 0x5d) {
      end = i;
      break;
    }
    if (c === 0x5b) return false;
  }
  if (end < 0) return false;
  // `[@x](url)` and `[@x][ref]` are links, as in Pandoc.
  const follow = src.charCodeAt(end + 1);
  if (follow === 0x28 || follow === 0x5b) return false;
  const items = parseCitation(src.slice(start + 1, end).replace(/\s+/g, ' '));
  if (!items) return false;
  if (!silent) {
    const token = state.push('citation', '', 0);
    token.meta = { items } satisfies CitationMeta;
  }
  state.pos = end + 1;
  return true;
}

/**
 * Numbers the citations once the article is parsed: a source's number is its order of first
 * citation in the text, and each later citation of it is one more back-link (a, b, …). Citations
 * inside plain footnotes are left to be written in the style's in-text form instead.
 */
function numberCitations(state: StateCore): void {
  const env = state.env as WikiEnv;
  const numbers = new Map<string, number>();
  const late: string[] = [];
  // Infobox values are parsed inline, after the text: their citations take the in-text form.
  let inFootnote = state.inlineMode ? 1 : 0;
  for (const token of state.tokens) {
    if (token.type === 'footnote_open') inFootnote++;
    else if (token.type === 'footnote_close') inFootnote--;
    if (token.type !== 'inline' || !token.children) continue;
    for (const child of token.children) {
      if (child.type !== 'citation') continue;
      const meta = child.meta as CitationMeta;
      if (inFootnote > 0) {
        meta.cluster = env.wiki.clusters.push(meta.items) - 1;
        for (const it of meta.items) if (!numbers.has(it.key) && !late.includes(it.key)) late.push(it.key);
        continue;
      }
      meta.refs = meta.items.map((it) => {
        let n = numbers.get(it.key);
        if (n === undefined) {
          n = numbers.size + 1;
          numbers.set(it.key, n);
          env.wiki.citeKeys.push(it.key);
        }
        const occurrence = (env.wiki.citeCounts.get(it.key) ?? 0) + 1;
        env.wiki.citeCounts.set(it.key, occurrence);
        return { number: n, occurrence };
      });
    }
  }
  for (const k of late) if (!numbers.has(k)) env.wiki.citeKeys.push(k);
}

/** Pandoc's bracketed citations, `[@key, p. 139]`, as numbered references. */
export function citationsPlugin(md: MarkdownIt): void {
  md.inline.ruler.before('link', 'citation', citation);
  md.core.ruler.push('wiki_citation_numbers', numberCitations);
}
