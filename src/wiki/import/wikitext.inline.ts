import { PH_OPEN, readPlaceholder, type ConvertContext, type Fragment, type Piece } from './wikitext.context.ts';
import { convertTag } from './wikitext.html.ts';
import { classifyLink } from './wikitext.links.ts';
import { preprocess } from './wikitext.preprocess.ts';
import { applyQuotes, finishEmphasis } from './wikitext.quotes.ts';
import { decodeEntities, escapeMarkdown, foldLines, forwardFinder, inlineCode } from './wikitext.text.ts';

/** Where a run of inline wikitext stands, which changes what some pieces become. */
export interface InlineOptions {
  /** Plain text for a CSL field: no emphasis, links as their text, tags dropped. */
  readonly plain?: boolean;
  /** Inside a `<ref>`: a nested ref is dropped (MediaWiki refuses them too). */
  readonly inRef?: boolean;
  /** Inside a citation template's parameter: a nested citation or ref is dropped. */
  readonly inCite?: boolean;
}

interface Allow { readonly links: boolean; readonly extLinks: boolean }

const SPECIAL = /[[<\uE000]/g;
const URL_START = /(?:(?:https?|ftps?|sftp|ircs?|git|svn|ssh|gopher):\/\/|(?:mailto|news|tel|urn|xmpp|sips?|sms|geo|magnet):|\/\/)/iy;
const URL_STOP = /[\s\][<>"\uE000-\uE005]/g;
const TAG_NAME = /[a-zA-Z][a-zA-Z0-9]*/y;
const LINKABLE = /^(?:https?:\/\/|mailto:)/i;
const INVALID_IN_TITLE = /[<>{}[\]\uE000-\uE005]/;

/**
 * Converts one line of preprocessed wikitext to Kinora markup: emphasis, internal and external
 * links, inline HTML and the lifted pieces (refs, nowiki, code).
 */
export function renderInline(line: string, fragment: Fragment, ctx: ConvertContext, options: InlineOptions = {}): string {
  const scanned = scan(applyQuotes(line), fragment, ctx, options, { links: true, extLinks: true });
  return finishEmphasis(scanned, options.plain);
}

function scan(s: string, fragment: Fragment, ctx: ConvertContext, options: InlineOptions, allow: Allow): string {
  const pairs = allow.links ? linkPairs(s) : new Map<number, number>();
  const nextBracket = forwardFinder(s, ']');
  const nextGt = forwardFinder(s, '>');
  const nextLt = forwardFinder(s, '<');
  const special = new RegExp(SPECIAL.source, 'g');
  let out = '';
  let i = 0;
  while (i < s.length) {
    special.lastIndex = i;
    const m = special.exec(s);
    if (m === null) {
      out += s.slice(i);
      break;
    }
    const j = m.index;
    out += s.slice(i, j);
    i = j + 1;
    const c = s[j];
    let done: { text: string; end: number } | undefined;
    if (c === PH_OPEN) {
      const ph = readPlaceholder(s, j);
      const piece = ph === undefined ? undefined : fragment.pieces[ph.index];
      if (ph !== undefined && piece !== undefined) done = { text: renderPiece(piece, ctx, options), end: ph.end };
    } else if (c === '[') {
      const close = pairs.get(j);
      done = close === undefined ? undefined : internalLink(s, j, close, fragment, ctx, options);
      if (done === undefined && allow.extLinks) done = externalLink(s, j, nextBracket, fragment, ctx, options);
      done ??= { text: '[', end: j + 1 };
    } else done = htmlTag(s, j, nextGt, nextLt, ctx, options);
    if (done === undefined) continue;
    out += done.text;
    i = done.end;
    // Something dropped between two spaces leaves one space, not two.
    if (done.text === '' && s[i] === ' ' && (out.endsWith(' ') || out === '')) i++;
  }
  return out;
}

/** Matches `[[` with `]]` by a stack in one pass; in `[[[x]]]` the inner two brackets pair. */
function linkPairs(s: string): Map<number, number> {
  const pairs = new Map<number, number>();
  const stack: number[] = [];
  for (let i = 0; i < s.length;) {
    const c = s.charCodeAt(i);
    if (c !== 91 && c !== 93) {
      i++;
      continue;
    }
    let run = 1;
    while (s.charCodeAt(i + run) === c) run++;
    if (c === 91 && run >= 2) stack.push(i + run - 2);
    else if (c === 93) {
      for (let at = i, left = run; left >= 2 && stack.length > 0; at += 2, left -= 2) pairs.set(stack.pop()!, at);
    }
    i += run;
  }
  return pairs;
}

function internalLink(s: string, open: number, close: number, fragment: Fragment, ctx: ConvertContext, options: InlineOptions): { text: string; end: number } | undefined {
  // The target ends at the first bar; a character no title may hold makes it no link. Scanning
  // only that far keeps nested non-links (`[[<[[<…`) linear.
  let bar = open + 2;
  for (; bar < close && s[bar] !== '|'; bar++) if (INVALID_IN_TITLE.test(s[bar]!)) return undefined;
  const target = s.slice(open + 2, bar);
  if (target.trim() === '') return undefined;
  const labelText = bar < close ? s.slice(bar + 1, close) : '';
  const label = labelText.trim() === '' ? undefined : scan(labelText, fragment, ctx, options, { links: false, extLinks: false }).trim();
  const outcome = classifyLink(target, label !== undefined);
  const end = close + 2;
  switch (outcome.kind) {
    case 'category': return { text: options.plain ? '' : outcome.markup, end };
    case 'drop':
      ctx.report(outcome.report);
      return { text: '', end };
    case 'text':
      ctx.report(outcome.report);
      return { text: label ?? outcome.text, end };
    case 'keep':
      // Kinora reads link trails (`[[film]]s`) and the pipe trick (`[[Nanook (film)|]]`) as MediaWiki does.
      if (options.plain) return { text: label ?? target.trim(), end };
      return { text: label !== undefined ? `[[${target}|${label}]]` : bar < close ? `[[${target}|]]` : `[[${target}]]`, end };
  }
}

function externalLink(s: string, open: number, nextBracket: (from: number) => number, fragment: Fragment, ctx: ConvertContext, options: InlineOptions): { text: string; end: number } | undefined {
  URL_START.lastIndex = open + 1;
  const scheme = URL_START.exec(s);
  if (scheme === null) return undefined;
  URL_STOP.lastIndex = open + 1;
  const stop = URL_STOP.exec(s)?.index ?? s.length;
  if (stop <= open + 1 + scheme[0].length) return undefined;
  const raw = s.slice(open + 1, stop);
  const url = raw.startsWith('//') ? `https:${raw}` : raw;
  let end: number;
  let label = '';
  if (s[stop] === ']') end = stop + 1;
  else if (s[stop] === ' ' || s[stop] === '\t') {
    const close = nextBracket(stop);
    if (close < 0) return undefined;
    label = scan(s.slice(stop + 1, close), fragment, ctx, options, { links: false, extLinks: false }).trim();
    end = close + 1;
  } else return undefined;
  if (options.plain) return { text: label || url, end };
  // Kinora links only to http(s) and mailto; an ftp: or news: address stays readable as text.
  if (!LINKABLE.test(url)) {
    ctx.report(`external link to ${url.slice(0, url.indexOf(':') + 1)} kept as text`);
    return { text: label === '' ? url : `${label} (${url})`, end };
  }
  if (label === '') return { text: `<${url}>`, end };
  return { text: `[${label.replace(/[[\]]/g, '\\$&')}](${url.replace(/[()\\]/g, '\\$&')})`, end };
}

function htmlTag(s: string, at: number, nextGt: (from: number) => number, nextLt: (from: number) => number, ctx: ConvertContext, options: InlineOptions): { text: string; end: number } {
  // A `<` that CommonMark could take for HTML (a letter, `/`, `!` or `?` follows) is escaped.
  const literal = { text: !options.plain && /[a-zA-Z/!?]/.test(s[at + 1] ?? '') ? '\\<' : '<', end: at + 1 };
  const closing = s[at + 1] === '/';
  TAG_NAME.lastIndex = at + (closing ? 2 : 1);
  const name = TAG_NAME.exec(s)?.[0];
  if (name === undefined) return literal;
  const gt = nextGt(at);
  const lt = nextLt(at + 1);
  if (gt < 0 || (lt >= 0 && lt < gt)) return literal;
  const outcome = convertTag(name, closing, s.slice(TAG_NAME.lastIndex, gt));
  if (outcome === undefined) return literal;
  if (outcome.report !== undefined) ctx.report(outcome.report);
  const text = options.plain && outcome.text.startsWith('<') ? (outcome.text === '<br>' ? ' ' : '') : outcome.text;
  return { text, end: gt + 1 };
}

/** What a lifted piece becomes where it stands in running text. */
function renderPiece(piece: Piece, ctx: ConvertContext, options: InlineOptions): string {
  switch (piece.kind) {
    case 'silent':
    case 'template':
    case 'references':
    case 'dropped':
      return '';
    case 'nowiki': return options.plain ? piece.inner : escapeMarkdown(piece.inner);
    case 'pre': return options.plain ? foldLines(decodeEntities(piece.inner)) : inlineCode(decodeEntities(piece.inner));
    case 'code':
    case 'math':
      return options.plain ? foldLines(piece.inner) : inlineCode(piece.inner);
    case 'poem': {
      const inner = preprocess(piece.inner, ctx.report);
      const lines = inner.body.split('\n').map((l) => renderInline(l, inner, ctx, options).trim()).filter((l) => l !== '');
      return lines.join(options.plain ? ' ' : '<br>');
    }
    case 'ref':
      if (options.inRef) ctx.report('reference inside a reference dropped');
      return options.inRef || options.inCite || options.plain ? '' : ctx.ref(piece);
    case 'cite':
      if (options.inCite) {
        ctx.report(`template {{${piece.name.charAt(0).toUpperCase()}${piece.name.slice(1)}}} inside a citation dropped`);
        return '';
      }
      return ctx.cite(piece, options.inRef === true);
  }
}
