import MarkdownIt, { type Options, type PluginSimple } from 'markdown-it';
import footnote from 'markdown-it-footnote';
import type Token from 'markdown-it/lib/token.mjs';
import { type Title, normalizeTitle } from '../title.ts';
import { installWikiRules } from './article.render.ts';
import { citationsPlugin } from './citations.plugin.ts';
import { DATE_FIELDS, type FilmCoverageEntry, type FrontMatter, parseFrontMatter, splitFrontMatter } from './front-matter.ts';
import { navboxPlugin } from './navbox.plugin.ts';
import { inlineText, sectionsPlugin } from './sections.plugin.ts';
import { type Heading, type WikiEnv, newEnv } from './wiki.env.ts';
import { wikiLinksPlugin } from './wikilinks.plugin.ts';

/** Links may go to the web, to mail, and to paths and anchors of this archive; never `javascript:` or `data:`. */
export const safeLink = (url: string): boolean => {
  const u = url.trim();
  return /^(https?:|mailto:)/i.test(u) || !/^[a-z][a-z0-9+.-]*:/i.test(u.replace(/[\u0000-\u0020]/g, ''));
};

/**
 * The wiki's Markdown: CommonMark with GFM tables, strikethrough and autolinks, a little raw HTML
 * (filtered when rendered), and the wiki's extensions. One instance per process: markdown-it
 * keeps no state between documents (each parse has its own env).
 */
export function createWikiMarkdown(): MarkdownIt {
  const md = new MarkdownIt('commonmark', { html: true, linkify: true, typographer: false });
  md.enable(['table', 'strikethrough', 'linkify']);
  md.validateLink = safeLink;
  md.use(wikiLinksPlugin).use(footnote as unknown as PluginSimple).use(navboxPlugin).use(citationsPlugin).use(sectionsPlugin);
  installWikiRules(md);
  return md;
}

/** An infobox row: its label and the parsed inline markup of each value. */
export interface InfoboxRow {
  readonly label: string;
  readonly values: readonly Token[][];
}

/** An article after parsing: what it links to, cites and declares, and the tokens to render. */
export interface ParsedArticle {
  /** The target of a redirect page (`#REDIRECT [[Target]]`), else null. */
  readonly redirect: Title | null;
  readonly frontMatter: FrontMatter | null;
  readonly infobox: readonly InfoboxRow[];
  /** Titles of the pages it links to, normalised, once each. */
  readonly links: readonly string[];
  readonly categories: readonly string[];
  /** Every cited key, numbered references first in order of citation. */
  readonly citeKeys: readonly string[];
  readonly navboxes: readonly string[];
  readonly headings: readonly Heading[];
  readonly films: readonly FilmCoverageEntry[];
  /** The text readers see, for the search index. */
  readonly plainText: string;
  readonly tokens: readonly Token[];
  readonly env: WikiEnv;
}

const REDIRECT = /^\s*#REDIRECT\s*:?\s*\[\[([^\]|\n]+)(?:\|[^\]\n]*)?\]\]/i;

/** The infobox's rows, per kind: label and field, in the order readers expect. */
const INFOBOX_FIELDS: Readonly<Record<FrontMatter['kind'], readonly (readonly [string, string])[]>> = {
  event: [['Date', 'date'], ['End', 'end'], ['Place', 'place'], ['Participants', 'participants'], ['Outcome', 'outcome']],
  person: [['Born', 'born'], ['Birthplace', 'birthplace'], ['Died', 'died'], ['Nationality', 'nationality'], ['Known for', 'roles']],
  treaty: [['Signed', 'signed'], ['Place', 'place'], ['Effective', 'effective'], ['Parties', 'parties']],
  place: [['Country', 'country'], ['Coordinates', 'coordinates']],
  organisation: [['Founded', 'founded'], ['Dissolved', 'dissolved'], ['Headquarters', 'headquarters'], ['Type', 'type']],
  topic: [],
};

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** `1919-06-28` → "28 June 1919"; `1919-06` → "June 1919"; a negative year is BCE. */
export function formatDate(d: string): string {
  const [y, m, day] = d.replace(/^-/, '').split('-');
  const year = d.startsWith('-') ? `${Number(y)} BCE` : String(Number(y));
  return [day ? String(Number(day)) : '', m ? MONTHS[Number(m) - 1] : '', year].filter(Boolean).join(' ');
}

const coordinates = ([lat, lon]: readonly [number, number]) =>
  `${Math.abs(lat).toFixed(4)}°${lat >= 0 ? 'N' : 'S'} ${Math.abs(lon).toFixed(4)}°${lon >= 0 ? 'E' : 'W'}`;

/**
 * Parses an article once: front matter, redirect, Markdown with the wiki's extensions. Throws an
 * `invalid_front_matter` error for front matter that does not fit its kind; everything else in
 * the text parses (unknown citation keys and missing links are shown, not refused).
 */
export function parseArticle(md: MarkdownIt, markup: string): ParsedArticle {
  const text = markup.replace(/\r\n?/g, '\n');
  const { yaml, body } = splitFrontMatter(text);
  const frontMatter = yaml === null ? null : parseFrontMatter(yaml);
  const env = newEnv();
  const r = REDIRECT.exec(body);
  const redirect = r ? normalizeTitle(r[1]!.split('#')[0]!) : null;
  // A redirect page shows only its target; what follows the link may still categorise it.
  const tokens = md.parse(redirect ? body.slice(r![0].length) : body, env);
  const infobox: InfoboxRow[] = [];
  if (frontMatter) {
    const fields = frontMatter as unknown as Record<string, unknown>;
    for (const [label, field] of INFOBOX_FIELDS[frontMatter.kind]) {
      const v = fields[field];
      if (v === undefined) continue;
      const values = field === 'coordinates' ? [coordinates(v as [number, number])] : Array.isArray(v) ? (v as string[]) : [DATE_FIELDS.includes(field) ? formatDate(String(v)) : String(v)];
      infobox.push({ label, values: values.map((s) => md.parseInline(s, env)[0]?.children ?? []) });
    }
  }
  const plain: string[] = [];
  for (const t of tokens) if (t.type === 'inline') plain.push(inlineText(t.children));
  for (const row of infobox) for (const v of row.values) plain.push(inlineText(v));
  return Object.freeze({
    redirect,
    frontMatter,
    infobox,
    links: [...env.wiki.links],
    categories: [...env.wiki.categories],
    citeKeys: [...env.wiki.citeKeys],
    navboxes: [...env.wiki.navboxes],
    headings: [...env.wiki.headings],
    films: frontMatter?.films ?? [],
    plainText: plain.join('\n'),
    tokens,
    env,
  });
}
