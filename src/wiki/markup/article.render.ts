import type { default as MarkdownIt, Options } from 'markdown-it';
import type Renderer from 'markdown-it/lib/renderer.mjs';
import type Token from 'markdown-it/lib/token.mjs';
import sanitizeHtml from 'sanitize-html';
import type { CslData, Citer, FormattedCitations } from '../cite/citer.ts';
import { sectionAnchor, titlePath } from '../title.ts';
import type { ParsedArticle } from './article.parse.ts';
import { locatorText } from './citation.parse.ts';
import { escapeHtml as esc } from './html.ts';
import { filterRawHtml } from './raw-html.ts';
import type { CitationMeta, WikiEnv } from './wiki.env.ts';
import type { WikiLinkMeta } from './wikilinks.plugin.ts';

/** Whether a linked page exists: blue link, redirect (also blue), or red link inviting its creation. */
export type PageState = 'article' | 'redirect' | 'missing';

/** A source as an article's render needs it. */
export interface SourceView {
  readonly key: string;
  readonly csl: CslData;
  /** A moderator's reason for marking the source unreliable, or null. */
  readonly unreliable: string | null;
  /** What the source lacks (no author, no date…), from sourceProblems. */
  readonly problems: readonly string[];
}

/** Everything outside the text that its rendering depends on, looked up by the service beforehand. */
export interface RenderContext {
  /** The article's own title: a link to it is shown in bold, as MediaWiki does. */
  readonly self: string | null;
  readonly pageState: (title: string) => PageState;
  readonly sources: ReadonlyMap<string, SourceView>;
  /** Each included navigation box's rendered links, by its title; missing ones are absent. */
  readonly navboxes: ReadonlyMap<string, string>;
  readonly citer: Citer;
}

/** Something wrong in an article that its readers and the maintenance pages should see. */
export interface RenderProblem {
  readonly code: 'unknown_source' | 'incomplete_source' | 'unreliable_source' | 'missing_navbox';
  readonly key: string;
  readonly message: string;
}

export interface RenderedArticle {
  readonly html: string;
  readonly problems: readonly RenderProblem[];
}

interface RenderState {
  readonly ctx: RenderContext;
  readonly cites: FormattedCitations;
}

const stateOf = (env: unknown) => (env as WikiEnv).ctx as RenderState;
const letters = (n: number): string => (n <= 26 ? String.fromCharCode(96 + n) : letters(Math.floor((n - 1) / 26)) + letters(((n - 1) % 26) + 1));

function wikilink(tokens: Token[], idx: number, _o: unknown, env: unknown): string {
  const { title, section, label } = tokens[idx]!.meta as WikiLinkMeta;
  const { ctx } = stateOf(env);
  const hash = section ? `#${encodeURIComponent(sectionAnchor(section)).replace(/%2F/gi, '/')}` : '';
  if (title === null) return `<a href="${esc(hash)}">${esc(label)}</a>`;
  if (title === ctx.self && !section) return `<strong class="selflink">${esc(label)}</strong>`;
  const state = ctx.pageState(title);
  if (state === 'missing') return `<a href="${esc(titlePath(title))}?action=edit&amp;redlink=1" class="new" title="${esc(title)} (page does not exist)">${esc(label)}</a>`;
  return `<a href="${esc(titlePath(title) + hash)}"${state === 'redirect' ? ' class="mw-redirect"' : ''} title="${esc(title)}">${esc(label)}</a>`;
}

function citation(tokens: Token[], idx: number, _o: unknown, env: unknown): string {
  const meta = tokens[idx]!.meta as CitationMeta;
  const { cites, ctx } = stateOf(env);
  if (meta.cluster !== undefined) {
    const unknown = meta.items.filter((i) => !ctx.sources.has(i.key));
    const text = cites.clusters[meta.cluster] ?? '';
    return `<span class="citation">${text}</span>${unknown.map((i) => `<span class="cite-error">[no source "${esc(i.key)}"]</span>`).join('')}`;
  }
  return meta.items.map((it, i) => {
    const ref = meta.refs![i]!;
    const known = ctx.sources.has(it.key);
    const where = [[it.prefix, locatorText(it.label, it.locator)].filter(Boolean).join(' '), it.suffix].filter(Boolean).join(', ');
    return `<sup class="reference${known ? '' : ' cite-error'}" id="cite_ref-${ref.number}-${ref.occurrence}"><a href="#cite_note-${ref.number}">[${ref.number}]</a></sup>${where ? `<sup class="rp">: ${esc(where)}</sup>` : ''}`;
  }).join('');
}

function references(_t: Token[], _i: number, _o: unknown, env: unknown): string {
  const { ctx, cites } = stateOf(env);
  const w = (env as WikiEnv).wiki;
  const items = w.citeKeys.filter((k) => w.citeCounts.has(k)).map((key, i) => {
    const n = i + 1;
    const count = w.citeCounts.get(key)!;
    const back = count === 1
      ? `<a href="#cite_ref-${n}-1" aria-label="Back to the citation">^</a>`
      : `^ ${Array.from({ length: count }, (_, j) => `<a href="#cite_ref-${n}-${j + 1}" aria-label="Back to citation ${letters(j + 1)}"><sup><i>${letters(j + 1)}</i></sup></a>`).join(' ')}`;
    const source = ctx.sources.get(key);
    const text = source
      ? `<a href="#source-${esc(encodeURIComponent(key))}">${cites.short.get(key) ?? esc(key)}</a>${source.unreliable ? ' <span class="unreliable">(a source marked unreliable)</span>' : ''}`
      : `<span class="cite-error">Citation error: no source has the key “${esc(key)}”.</span>`;
    return `<li id="cite_note-${n}"><span class="backlinks">${back}</span> <span class="reference-text">${text}</span></li>`;
  });
  return `<ol class="references">${items.join('')}</ol>\n`;
}

function bibliography(_t: Token[], _i: number, _o: unknown, env: unknown): string {
  const { ctx, cites } = stateOf(env);
  const entries = cites.order.map((key) => {
    const s = ctx.sources.get(key)!;
    const warn = [
      s.unreliable ? `<span class="unreliable">Marked unreliable by a moderator: ${esc(s.unreliable)}</span>` : '',
      s.problems.length ? `<span class="source-problem">${esc(s.problems.join('; '))}</span>` : '',
    ].filter(Boolean).join(' ');
    return `<li id="source-${esc(encodeURIComponent(key))}">${cites.entries.get(key) ?? ''} <a class="source-page" href="/sources/${esc(encodeURIComponent(key))}" aria-label="The source page of ${esc(key)}">↗</a>${warn ? ` ${warn}` : ''}</li>`;
  });
  return `<ul class="bibliography">${entries.join('')}</ul>\n`;
}

function toc(_t: Token[], _i: number, _o: unknown, env: unknown): string {
  const heads = (env as WikiEnv).wiki.headings;
  const top = Math.min(...heads.map((h) => h.level));
  let html = '<nav class="toc" aria-labelledby="toc-title"><p class="toc-title" id="toc-title">Contents</p><ol>';
  let depth = top;
  let first = true;
  for (const h of heads) {
    const level = Math.max(top, h.level);
    if (!first && level === depth) html += '</li>';
    while (depth < level) {
      html += '<ol>';
      depth++;
    }
    while (depth > level) {
      html += '</li></ol></li>';
      depth--;
    }
    html += `<li><a href="#${esc(encodeURIComponent(h.anchor))}">${esc(h.text)}</a>`;
    first = false;
  }
  while (depth > top) {
    html += '</li></ol>';
    depth--;
  }
  return `${html}</li></ol></nav>\n`;
}

function navbox(tokens: Token[], idx: number, _o: unknown, env: unknown): string {
  const title = (tokens[idx]!.meta as { title: string }).title;
  const box = stateOf(env).ctx.navboxes.get(title);
  const name = title.replace(/^Navbox:/, '');
  if (box === undefined) return `<p class="navbox-missing">Navigation box <a class="new" href="${esc(titlePath(title))}?action=edit&amp;redlink=1">${esc(name)}</a> does not exist yet.</p>\n`;
  return `<nav class="navbox" aria-label="${esc(name)}"><p class="navbox-title"><a href="${esc(titlePath(title))}">${esc(name)}</a></p>${box}</nav>\n`;
}

/** Images come from this archive only: a page must not make readers' browsers call other hosts. */
const localImage = (src: string) => src.startsWith('/') && !src.startsWith('//');

function image(figure: boolean) {
  return (tokens: Token[], idx: number, options: Options, env: unknown, self: Renderer): string => {
    const t = tokens[idx]!;
    const src = t.attrGet('src') ?? '';
    const alt = self.renderInlineAsText(t.children ?? [], options, env as object);
    const caption = self.renderInline(t.children ?? [], options, env as object);
    const title = t.attrGet('title');
    const img = localImage(src)
      ? `<img src="${esc(src)}" alt="${esc(alt)}"${title ? ` title="${esc(title)}"` : ''} loading="lazy">`
      : `<a href="${esc(src)}" class="external" rel="nofollow ugc noopener">[image: ${esc(alt || src)}]</a>`;
    return figure ? `${img}<figcaption>${caption}</figcaption>` : img;
  };
}

function footnoteRules(rules: Renderer['rules']): void {
  const label = (tokens: Token[], idx: number) => letters(Number((tokens[idx]!.meta as { id: number }).id) + 1);
  rules.footnote_ref = (tokens, idx) => {
    const { id, subId } = tokens[idx]!.meta as { id: number; subId: number };
    return `<sup class="footnote-ref" id="fnref-${id + 1}-${subId + 1}"><a href="#fn-${id + 1}">[${label(tokens, idx)}]</a></sup>`;
  };
  rules.footnote_block_open = () => '<ol class="notes" type="a">\n';
  rules.footnote_block_close = () => '</ol>\n';
  rules.footnote_open = (tokens, idx, _o, env) => {
    const id = (tokens[idx]!.meta as { id: number }).id;
    const list = (env as { footnotes?: { list?: { count?: number }[] } }).footnotes?.list ?? [];
    const count = Math.max(1, list[id]?.count ?? 1);
    const back = count === 1
      ? `<a href="#fnref-${id + 1}-1" aria-label="Back to the text">^</a>`
      : `^ ${Array.from({ length: count }, (_, j) => `<a href="#fnref-${id + 1}-${j + 1}" aria-label="Back to reference ${letters(j + 1)}"><sup><i>${letters(j + 1)}</i></sup></a>`).join(' ')}`;
    return `<li id="fn-${id + 1}"><span class="backlinks">${back}</span> `;
  };
  rules.footnote_close = () => '</li>\n';
  rules.footnote_anchor = () => '';
}

/** The renderer's rules for the wiki's tokens; installed once on the instance from createWikiMarkdown. */
export function installWikiRules(md: MarkdownIt): void {
  const rules = md.renderer.rules;
  rules.wikilink = wikilink;
  rules.citation = citation;
  rules.wiki_references = references;
  rules.wiki_bibliography = bibliography;
  rules.wiki_toc = toc;
  rules.navbox = navbox;
  rules.html_inline = (tokens, idx) => filterRawHtml(tokens[idx]!.content);
  rules.html_block = (tokens, idx) => filterRawHtml(tokens[idx]!.content);
  rules.image = image(false);
  rules.figure_image = image(true);
  rules.figure_open = () => '<figure class="thumb">';
  rules.figure_close = () => '</figure>\n';
  footnoteRules(rules);
  const defaultLinkOpen = rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
  rules.link_open = (tokens, idx, options, env, self) => {
    const t = tokens[idx]!;
    if (/^https?:/i.test(t.attrGet('href') ?? '')) {
      t.attrSet('class', 'external');
      t.attrSet('rel', 'nofollow ugc noopener');
    }
    return defaultLinkOpen(tokens, idx, options, env, self);
  };
  // GFM alignment becomes a class: the Content-Security-Policy allows no inline style.
  for (const cell of ['th_open', 'td_open'] as const) {
    rules[cell] = (tokens, idx, options, _env, self) => {
      const t = tokens[idx]!;
      const align = /text-align:(left|right|center)/.exec(t.attrGet('style') ?? '')?.[1];
      if (align) {
        t.attrs = (t.attrs ?? []).filter(([k]) => k !== 'style');
        t.attrSet('class', `align-${align}`);
      }
      return self.renderToken(tokens, idx, options);
    };
  }
}

/** The second wall: whatever the rules above emit, only these tags and attributes reach a page. */
const SANITIZE: sanitizeHtml.IOptions = Object.freeze({
  allowedTags: ['h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'p', 'a', 'strong', 'em', 'del', 's', 'code', 'pre', 'blockquote', 'ul', 'ol', 'li', 'table', 'thead', 'tbody', 'tr', 'th', 'td',
    'img', 'figure', 'figcaption', 'sup', 'sub', 'br', 'hr', 'div', 'span', 'nav', 'section', 'abbr', 'small', 'u', 'cite', 'i', 'b', 'kbd', 'var', 'mark', 'q', 'wbr', 'dl', 'dt', 'dd', 'caption'],
  allowedAttributes: {
    '*': ['id', 'class', 'title', 'aria-label', 'aria-labelledby'],
    a: ['href', 'rel'],
    img: ['src', 'alt', 'loading'],
    th: ['scope', 'colspan'],
    td: ['colspan'],
    ol: ['start', 'type'],
    code: ['class'],
  },
  allowedSchemes: ['http', 'https', 'mailto'],
  allowedSchemesByTag: { img: [] },
  allowProtocolRelative: false,
  disallowedTagsMode: 'escape',
});

/** The body of the infobox: a table of the kind's fields, values rendered like the text (links included). */
function infoboxHtml(md: MarkdownIt, parsed: ParsedArticle, env: WikiEnv): string {
  const fm = parsed.frontMatter;
  if (!fm || (parsed.infobox.length === 0 && !fm.image)) return '';
  const rows = parsed.infobox.map((r) => `<tr><th scope="row">${esc(r.label)}</th><td>${r.values.map((v) => md.renderer.renderInline(v, md.options, env)).join('<br>')}</td></tr>`);
  const img = fm.image && localImage(fm.image) ? `<tr><td colspan="2" class="infobox-image"><img src="${esc(fm.image)}" alt="${esc(fm.caption ?? '')}">${fm.caption ? `<br>${esc(fm.caption)}` : ''}</td></tr>` : '';
  return `<table class="infobox infobox-${fm.kind}"><caption>${esc(fm.kind[0]!.toUpperCase() + fm.kind.slice(1))}</caption><tbody>${img}${rows.join('')}</tbody></table>\n`;
}

/** Renders a parsed article with what it depends on; the result is safe to put in a page as it is. */
export function renderArticle(md: MarkdownIt, parsed: ParsedArticle, ctx: RenderContext): RenderedArticle {
  const env = parsed.env;
  const known = parsed.citeKeys.flatMap((k) => (ctx.sources.has(k) ? [ctx.sources.get(k)!.csl] : []));
  const clusters = env.wiki.clusters.map((items) => items.map((i) => ({ key: i.key, locator: i.locator, label: i.label, prefix: i.prefix, suffix: i.suffix, suppressAuthor: i.suppressAuthor })));
  const cites = ctx.citer.format(known, clusters);
  env.ctx = { ctx, cites } satisfies RenderState;
  let html: string;
  try {
    html = infoboxHtml(md, parsed, env) + md.renderer.render(parsed.tokens as Token[], md.options, env);
  } finally {
    env.ctx = undefined;
  }
  const problems: RenderProblem[] = [];
  for (const key of parsed.citeKeys) {
    const s = ctx.sources.get(key);
    if (!s) problems.push({ code: 'unknown_source', key, message: `No source has the key "${key}".` });
    else {
      if (s.problems.length) problems.push({ code: 'incomplete_source', key, message: `The source "${key}" ${s.problems.join('; ')}.` });
      if (s.unreliable) problems.push({ code: 'unreliable_source', key, message: `The source "${key}" is marked unreliable: ${s.unreliable}` });
    }
  }
  for (const n of parsed.navboxes) if (!ctx.navboxes.has(n)) problems.push({ code: 'missing_navbox', key: n, message: `The navigation box "${n}" does not exist.` });
  return { html: sanitizeHtml(html, SANITIZE), problems };
}
