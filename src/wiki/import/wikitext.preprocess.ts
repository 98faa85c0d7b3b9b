import { placeholder, type Fragment, type Piece, type PieceKind } from './wikitext.context.ts';
import { forwardFinder, parseAttributes } from './wikitext.text.ts';
import { classifyTemplate } from './wikitext.template.ts';

/** Extension tags whose content is not wikitext: the preprocessor lifts them out whole. */
const TAG_KINDS: ReadonlyMap<string, PieceKind> = new Map([
  ['nowiki', 'nowiki'], ['pre', 'pre'], ['ref', 'ref'], ['references', 'references'],
  ['syntaxhighlight', 'code'], ['source', 'code'], ['math', 'math'], ['chem', 'math'], ['ce', 'math'],
  ['poem', 'poem'], ['includeonly', 'silent'],
  ...['gallery', 'imagemap', 'timeline', 'graph', 'mapframe', 'maplink', 'score', 'templatedata', 'inputbox',
    'categorytree', 'hiero', 'charinsert', 'indicator', 'templatestyles'].map((t): [string, PieceKind] => [t, 'dropped']),
]);

/** The names of the extension tags, whose unmatched halves inline conversion drops. */
export const EXTENSION_TAGS: ReadonlySet<string> = new Set(TAG_KINDS.keys());

/** Behaviour switches; others between double underscores are ordinary text. */
const MAGIC_WORDS = new Set(['NOTOC', 'FORCETOC', 'TOC', 'NOEDITSECTION', 'NEWSECTIONLINK', 'NONEWSECTIONLINK',
  'NOGALLERY', 'HIDDENCAT', 'EXPECTUNUSEDCATEGORY', 'NOCONTENTCONVERT', 'NOCC', 'NOTITLECONVERT', 'NOTC',
  'START', 'END', 'INDEX', 'NOINDEX', 'STATICREDIRECT', 'DISAMBIG', 'EXPECTUNUSEDTEMPLATE', 'NOGLOBAL']);

interface Span { start: number; end: number; piece?: Piece; literal?: string }

/**
 * Lifts comments, extension tags and templates out of wikitext, left to right as MediaWiki's
 * preprocessor does (a `<nowiki>` hides the braces inside it, a template hides the tags inside
 * it), and reports what is dropped. Every scan is linear, whatever the nesting.
 */
export function preprocess(text: string, report: (line: string) => void): Fragment {
  const opaque = findOpaque(text);
  const templates = outermost(matchBraces(text, opaque));
  const spans: Span[] = [];
  const hiddenRefs: Piece[] = [];
  let t = 0;
  for (const o of opaque) {
    while (t < templates.length && templates[t]!.start < o.start) spans.push(templateSpan(text, templates[t++]!, report));
    const last = spans[spans.length - 1];
    if (last === undefined || o.start >= last.end) spans.push(o);
    else if (o.piece?.kind === 'ref') hiddenRefs.push(o.piece);
  }
  while (t < templates.length) spans.push(templateSpan(text, templates[t++]!, report));

  const pieces: Piece[] = [];
  let body = '';
  let at = 0;
  for (const span of spans) {
    if (span.start < at) continue; // a tag inside a template: part of the template
    body += magicWords(text.slice(at, span.start), pieces, report);
    if (span.piece !== undefined) {
      if (span.piece.kind === 'dropped') report(`<${span.piece.name}> dropped`);
      if (span.piece.kind === 'math') report(`<${span.piece.name}> kept as code`);
      body += placeholder(pieces.push(span.piece) - 1);
    } else body += span.literal ?? '';
    at = span.end;
  }
  body += magicWords(text.slice(at), pieces, report);
  return { body, pieces, hiddenRefs };
}

/** Comments and extension tags with their content, in order, never overlapping. */
function findOpaque(text: string): Span[] {
  const spans: Span[] = [];
  const nextGt = forwardFinder(text, '>');
  const nextLt = forwardFinder(text, '<');
  const closers = new Map<string, (from: number) => number>();
  let i = 0;
  for (;;) {
    const lt = text.indexOf('<', i);
    if (lt < 0) break;
    if (text.startsWith('<!--', lt)) {
      // MediaWiki: an unclosed comment runs to the end of the text.
      const close = text.indexOf('-->', lt + 4);
      const end = close < 0 ? text.length : close + 3;
      spans.push({ start: lt, end, piece: piece('silent', 'comment', text.slice(lt, end), '', {}, true) });
      i = end;
      continue;
    }
    const name = /^[a-zA-Z]+/.exec(text.slice(lt + 1, lt + 20))?.[0].toLowerCase() ?? '';
    const kind = TAG_KINDS.get(name);
    const after = text[lt + 1 + name.length];
    const gt = kind === undefined ? -1 : nextGt(lt);
    const innerLt = gt < 0 ? -1 : nextLt(lt + 1);
    if (kind === undefined || (after !== '>' && after !== '/' && !/\s/.test(after ?? '')) || gt < 0 || (innerLt >= 0 && innerLt < gt)) {
      i = lt + 1;
      continue;
    }
    const attrText = text.slice(lt + 1 + name.length, gt);
    const attrs = parseAttributes(attrText.slice(0, 2000));
    if (attrText.trimEnd().endsWith('/')) {
      spans.push({ start: lt, end: gt + 1, piece: piece(kind, name, text.slice(lt, gt + 1), '', attrs, true) });
      i = gt + 1;
      continue;
    }
    let findClose = closers.get(name);
    if (findClose === undefined) closers.set(name, (findClose = forwardFinder(text, new RegExp(`</${name}\\s*>`, 'i'))));
    const close = findClose(gt + 1);
    if (close < 0) {
      i = lt + 1; // unclosed: MediaWiki shows it as text
      continue;
    }
    const end = text.indexOf('>', close) + 1;
    spans.push({ start: lt, end, piece: piece(kind, name, text.slice(lt, end), text.slice(gt + 1, close), attrs, false) });
    i = end;
  }
  return spans;
}

const piece = (kind: PieceKind, name: string, raw: string, inner: string, attrs: Record<string, string>, selfClosing: boolean): Piece =>
  ({ kind, name, raw, inner, attrs, selfClosing });

/** Pairs `{{` with `}}` by a stack, skipping comments and tags; unmatched braces stay text. */
function matchBraces(text: string, opaque: readonly Span[]): Span[] {
  const pairs: Span[] = [];
  const stack: number[] = [];
  let o = 0;
  for (let i = 0; i < text.length - 1;) {
    const region = opaque[o];
    if (region !== undefined && i >= region.start) {
      i = Math.max(i, region.end);
      o++;
      continue;
    }
    const c = text.charCodeAt(i);
    if (c === 123 && text.charCodeAt(i + 1) === 123) {
      stack.push(i);
      i += 2;
    } else if (c === 125 && text.charCodeAt(i + 1) === 125 && stack.length > 0) {
      pairs.push({ start: stack.pop()!, end: i + 2 });
      i += 2;
    } else i++;
  }
  return pairs;
}

/** The pairs not inside another pair: each is one top-level template. */
function outermost(pairs: Span[]): Span[] {
  pairs.sort((a, b) => a.start - b.start);
  const out: Span[] = [];
  for (const p of pairs) if (out.length === 0 || p.start >= out[out.length - 1]!.end) out.push(p);
  return out;
}

function templateSpan(text: string, span: Span, report: (line: string) => void): Span {
  const raw = text.slice(span.start, span.end);
  const inner = raw.slice(2, -2);
  const kind = classifyTemplate(inner);
  switch (kind.kind) {
    case 'literal': return { ...span, literal: kind.text };
    case 'cite': return { ...span, piece: piece('cite', kind.name, raw, inner, {}, false) };
    case 'notes-list': return { ...span, piece: piece('template', 'reflist', raw, inner, {}, false) };
    case 'dropped':
      report(kind.report);
      return { ...span, piece: piece('template', kind.name, raw, inner, {}, false) };
  }
}

/** Lifts `__NOTOC__` and the other behaviour switches out of plain text. */
function magicWords(text: string, pieces: Piece[], report: (line: string) => void): string {
  if (!text.includes('__')) return text;
  return text.replace(/__([A-Z]{2,30})__/g, (whole, word: string) => {
    if (!MAGIC_WORDS.has(word)) return whole;
    report(`magic word ${whole} dropped`);
    return placeholder(pieces.push(piece('silent', word, whole, '', {}, true)) - 1);
  });
}
