import type MarkdownIt from 'markdown-it';
import type StateCore from 'markdown-it/lib/rules_core/state_core.mjs';
import type Token from 'markdown-it/lib/token.mjs';
import { sectionAnchor } from '../title.ts';
import type { WikiLinkMeta } from './wikilinks.plugin.ts';
import type { WikiEnv } from './wiki.env.ts';

/** An article's generated sections, in the order a good encyclopedia page has them. */
export const GENERATED_SECTIONS = Object.freeze(['Notes', 'References', 'Bibliography'] as const);

/** MediaWiki shows a table of contents on pages with more than three headings. */
const TOC_MIN_HEADINGS = 4;

/** The text of a heading as readers see it: links by their labels, citations left out. */
export function inlineText(children: readonly Token[] | null): string {
  let s = '';
  for (const c of children ?? []) {
    if (c.type === 'text' || c.type === 'code_inline') s += c.content;
    else if (c.type === 'wikilink') s += (c.meta as WikiLinkMeta).label;
    else if (c.type === 'softbreak' || c.type === 'hardbreak') s += ' ';
    else if (c.type === 'image') s += inlineText(c.children);
  }
  return s;
}

function heading(state: StateCore, text: string): Token[] {
  const open = new state.Token('heading_open', 'h2', 1);
  open.markup = '##';
  const inline = new state.Token('inline', '', 0);
  inline.content = text;
  const t = new state.Token('text', '', 0);
  t.content = text;
  inline.children = [t];
  const close = new state.Token('heading_close', 'h2', -1);
  return [open, inline, close];
}

const isH2 = (tokens: readonly Token[], i: number, name: string) =>
  tokens[i]!.type === 'heading_open' && tokens[i]!.tag === 'h2' && tokens[i + 1]?.content.trim().toLowerCase() === name.toLowerCase();

/**
 * Places the notes, the numbered references and the bibliography: under the article's own
 * heading of that name where it has one (as imported pages do), otherwise as new sections
 * before "External links", or at the end.
 */
function placeNotes(state: StateCore): void {
  if (state.inlineMode) return;
  const tokens = state.tokens;
  const env = state.env as WikiEnv;
  const fbOpen = tokens.findIndex((t) => t.type === 'footnote_block_open');
  const footnotes = fbOpen < 0 ? [] : tokens.splice(fbOpen, tokens.findIndex((t) => t.type === 'footnote_block_close') - fbOpen + 1);
  const bodies: [string, Token[]][] = [];
  if (footnotes.length) bodies.push(['Notes', footnotes]);
  if (env.wiki.citeCounts.size) bodies.push(['References', [new state.Token('wiki_references', '', 0)]]);
  if (env.wiki.citeKeys.length) bodies.push(['Bibliography', [new state.Token('wiki_bibliography', '', 0)]]);
  const fallback: Token[] = [];
  for (const [name, body] of bodies) {
    const at = tokens.findIndex((_, i) => isH2(tokens, i, name));
    if (at >= 0) tokens.splice(at + 3, 0, ...body);
    else fallback.push(...heading(state, name), ...body);
  }
  if (!fallback.length) return;
  const external = tokens.findIndex((_, i) => isH2(tokens, i, 'External links'));
  tokens.splice(external < 0 ? tokens.length : external, 0, ...fallback);
}

/** Gives each heading an anchor (MediaWiki's form, `_2` for a repeated one) and puts the table of contents before the first. */
function anchorHeadings(state: StateCore): void {
  if (state.inlineMode) return;
  const env = state.env as WikiEnv;
  const used = new Map<string, number>();
  let first = -1;
  state.tokens.forEach((t, i) => {
    if (t.type !== 'heading_open') return;
    if (first < 0) first = i;
    const text = inlineText(state.tokens[i + 1]?.children ?? null).trim() || 'section';
    const base = sectionAnchor(text);
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    const anchor = n === 1 ? base : `${base}_${n}`;
    t.attrSet('id', anchor);
    env.wiki.headings.push({ level: Number(t.tag.slice(1)), text, anchor });
  });
  if (env.wiki.headings.length >= TOC_MIN_HEADINGS) state.tokens.splice(first, 0, new state.Token('wiki_toc', '', 0));
}

/** Turns an image alone in its paragraph into a figure whose caption is the image's text (Pandoc's rule). */
function figures(state: StateCore): void {
  if (state.inlineMode) return;
  const tokens = state.tokens;
  for (let i = 0; i + 2 < tokens.length; i++) {
    const inline = tokens[i + 1]!;
    if (tokens[i]!.type !== 'paragraph_open' || inline.type !== 'inline' || tokens[i + 2]!.type !== 'paragraph_close') continue;
    const kids = (inline.children ?? []).filter((c) => !(c.type === 'text' && c.content.trim() === ''));
    if (kids.length !== 1 || kids[0]!.type !== 'image') continue;
    tokens[i]!.type = 'figure_open';
    tokens[i + 2]!.type = 'figure_close';
    kids[0]!.type = 'figure_image';
    inline.children = kids;
  }
}

/** Drops paragraphs left empty, such as one that held only `[[Category:…]]` links. */
function dropEmpty(state: StateCore): void {
  if (state.inlineMode) return;
  const t = state.tokens;
  for (let i = t.length - 3; i >= 0; i--) {
    if (t[i]!.type === 'paragraph_open' && t[i + 2]!.type === 'paragraph_close' && (t[i + 1]!.children ?? []).every((c) => (c.type === 'text' && c.content.trim() === '') || c.type === 'softbreak')) t.splice(i, 3);
  }
}

/** Anchors, table of contents, notes placement and figures. */
export function sectionsPlugin(md: MarkdownIt): void {
  md.core.ruler.push('wiki_notes', placeNotes);
  md.core.ruler.push('wiki_headings', anchorHeadings);
  md.core.ruler.push('wiki_figures', figures);
  md.core.ruler.push('wiki_empty', dropEmpty);
}
