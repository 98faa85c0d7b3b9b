import { isEmptyPiece, PH_CLOSE, PH_OPEN, readPlaceholder, type Fragment, type Piece } from './wikitext.context.ts';
import { convertTable, type InlineRenderer } from './wikitext.table.ts';
import { decodeEntities, fence } from './wikitext.text.ts';

/** What block conversion needs: the preprocessed text, an inline renderer bound to it, a reporter. */
export interface BlockInput {
  readonly fragment: Fragment;
  readonly inline: InlineRenderer;
  readonly report: (line: string) => void;
}

const DEFINITION_LIST = 'definition list converted to bold terms and paragraphs';
const INDENTATION = 'indentation (:) dropped';

/**
 * Converts preprocessed wikitext line by line into Kinora markup blocks (headings, paragraphs,
 * lists, code, tables), in document order so footnotes are numbered as they are met.
 */
export function renderBlocks({ fragment, inline, report }: BlockInput): string[] {
  const lines = fragment.body.split('\n');
  const blocks: string[] = [];
  let para: string[] = [];
  let list: string[] = [];
  let levels: { prefix: string; col: number }[] = [];
  let inDefinitions = false;
  const flushPara = () => {
    if (para.length > 0) blocks.push(para.join('\n'));
    para = [];
  };
  const flushList = () => {
    if (list.length > 0) blocks.push(list.join('\n'));
    list = [];
    levels = [];
  };
  const flush = () => { flushPara(); flushList(); };
  const paraLine = (text: string) => {
    const shown = inline(text);
    if (shown !== '') para.push(shown);
  };
  const listItem = (prefix: string, text: string) => {
    flushPara();
    // CommonMark nests an item under another when it starts at the parent's content column.
    while (levels.length > 0) {
      const top = levels[levels.length - 1]!;
      if (prefix.length > top.prefix.length && prefix.startsWith(top.prefix)) break;
      levels.pop();
    }
    const indent = levels[levels.length - 1]?.col ?? 0;
    const marker = prefix.endsWith('#') ? '1. ' : '- ';
    levels.push({ prefix, col: indent + marker.length });
    list.push(`${' '.repeat(indent)}${marker}${inline(text)}`.trimEnd());
  };

  for (let n = 0; n < lines.length; n++) {
    const line = lines[n]!;
    if (onlyEmptyPieces(line, fragment)) continue;
    if (line.trim() === '') {
      flush();
      inDefinitions = false;
      continue;
    }
    const wasDefinitions: boolean = inDefinitions;
    inDefinitions = false;
    if (line.trimStart().startsWith('{|')) {
      flush();
      const end = tableEnd(lines, n);
      blocks.push(...convertTable(lines.slice(n, end + 1), inline, report));
      n = end;
      continue;
    }
    if (line[0] === ' ') {
      // MediaWiki: lines starting with a space are preformatted text.
      flush();
      const code: string[] = [];
      for (; n < lines.length && lines[n]![0] === ' ' && lines[n]!.trim() !== '' && !lines[n]!.trimStart().startsWith('{|'); n++) {
        code.push(decodeEntities(rawText(lines[n]!.slice(1), fragment)));
      }
      n--;
      blocks.push(fence(code.join('\n')));
      continue;
    }
    const heading = readHeading(line, fragment);
    if (heading !== undefined) {
      flush();
      blocks.push(`${'#'.repeat(heading.level)} ${inline(heading.text)}`.trimEnd());
      continue;
    }
    if (line.startsWith('----')) {
      flush();
      blocks.push('---');
      paraLine(line.replace(/^-+/, ''));
      continue;
    }
    const prefix = /^[*#:;]+/.exec(line)?.[0];
    if (prefix === undefined) {
      flushList();
      paragraphWithCode(line, fragment, paraLine, (code) => { flushPara(); blocks.push(code); });
      continue;
    }
    const rest = line.slice(prefix.length);
    if (/^[*#]+$/.test(prefix)) listItem(prefix, rest);
    else if (/^[*#]+:+$/.test(prefix)) {
      // `#:` continues the item above it on a new line.
      const owner = prefix.replace(/:+$/, '');
      const level = levels.find((l) => l.prefix === owner);
      const shown = inline(rest);
      if (level !== undefined && list.length > 0) {
        if (shown !== '') {
          list[list.length - 1] += '<br>';
          list.push(`${' '.repeat(level.col)}${shown}`);
        }
      } else listItem(owner, rest);
    } else if (prefix[0] === ';') {
      flush();
      report(DEFINITION_LIST);
      const colon = definitionColon(rest);
      const term = inline(colon < 0 ? rest : rest.slice(0, colon));
      const definition = colon < 0 ? '' : inline(rest.slice(colon + 1));
      if (term !== '') blocks.push(`**${term}**`);
      if (definition !== '') blocks.push(definition);
      inDefinitions = true;
    } else if (/^:+$/.test(prefix)) {
      flush();
      report(wasDefinitions ? DEFINITION_LIST : INDENTATION);
      const shown = inline(rest);
      if (shown !== '') blocks.push(shown);
      inDefinitions = wasDefinitions;
    } else {
      // `:*` (an indented list) and stranger mixes: keep the list, drop the indentation.
      report(INDENTATION);
      const listPrefix = prefix.replace(/[:;]/g, '');
      if (listPrefix === '') paraLine(rest);
      else listItem(listPrefix, rest);
    }
  }
  flush();
  return blocks;
}

/** A line holding only comments, dropped templates and spaces vanishes, as in MediaWiki. */
function onlyEmptyPieces(line: string, fragment: Fragment): boolean {
  let seen = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (c === PH_OPEN) {
      const ph = readPlaceholder(line, i);
      const piece = ph === undefined ? undefined : fragment.pieces[ph.index];
      if (ph === undefined || piece === undefined || !isEmptyPiece(piece)) return false;
      seen = true;
      i = ph.end - 1;
    } else if (c !== ' ' && c !== '\t') return false;
  }
  return seen;
}

/** `== H ==` and its kin: the level is the smaller count of `=` on either side. */
function readHeading(line: string, fragment: Fragment): { level: number; text: string } | undefined {
  let t = line.trimEnd();
  // Comments after the closing `=` do not stop a heading.
  while (t.endsWith(PH_CLOSE)) {
    const open = t.lastIndexOf(PH_OPEN);
    const piece = open < 0 ? undefined : fragment.pieces[readPlaceholder(t, open)?.index ?? -1];
    if (piece === undefined || !isEmptyPiece(piece)) break;
    t = t.slice(0, open).trimEnd();
  }
  if (t[0] !== '=') return undefined;
  let left = 0;
  while (t[left] === '=') left++;
  if (left === t.length) return undefined;
  let right = 0;
  while (t[t.length - 1 - right] === '=') right++;
  const level = Math.min(left, right, 6);
  const text = t.slice(level, t.length - level).trim();
  return text === '' ? undefined : { level, text };
}

/** The line of a table's `|}`, counting nested tables; an unclosed table runs to the end. */
function tableEnd(lines: readonly string[], start: number): number {
  let depth = 0;
  for (let n = start; n < lines.length; n++) {
    const t = lines[n]!.trimStart();
    if (t.startsWith('{|')) depth++;
    else if (t.startsWith('|}') && --depth === 0) return n;
  }
  return lines.length - 1;
}

/** The `:` that separates a `; term : definition`, not one inside a link or a URL's `://`. */
function definitionColon(text: string): number {
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[' && text[i + 1] === '[') { depth++; i++; }
    else if (c === ']' && text[i + 1] === ']' && depth > 0) { depth--; i++; }
    else if (c === ':' && depth === 0 && !text.startsWith('//', i + 1)) return i;
  }
  return -1;
}

/** The source of pieces in preformatted text, which shows wikitext as it is. */
function rawText(text: string, fragment: Fragment): string {
  return text.replace(/\uE000(\d+)\uE001/g, (_, n: string) => {
    const piece = fragment.pieces[Number(n)];
    if (piece === undefined || isEmptyPiece(piece)) return '';
    return piece.kind === 'nowiki' || piece.kind === 'pre' || piece.kind === 'code' || piece.kind === 'math' ? piece.inner : piece.raw;
  });
}

const isBlockCode = (piece: Piece): boolean => piece.kind === 'pre' || (piece.kind === 'code' && piece.attrs['inline'] === undefined);

/** A paragraph line, with any `<pre>` or `<syntaxhighlight>` in it lifted out as a code block. */
function paragraphWithCode(line: string, fragment: Fragment, paraLine: (text: string) => void, codeBlock: (code: string) => void): void {
  let start = 0;
  for (let i = line.indexOf(PH_OPEN); i >= 0; i = line.indexOf(PH_OPEN, i + 1)) {
    const ph = readPlaceholder(line, i);
    const piece = ph === undefined ? undefined : fragment.pieces[ph.index];
    if (ph === undefined || piece === undefined || !isBlockCode(piece)) continue;
    if (line.slice(start, i).trim() !== '') paraLine(line.slice(start, i));
    const content = (piece.kind === 'pre' ? decodeEntities(piece.inner) : piece.inner).replace(/^\n/, '').replace(/\n$/, '');
    const lang = /^[\w+#.-]{1,30}$/.test(piece.attrs['lang'] ?? '') ? piece.attrs['lang']! : '';
    codeBlock(fence(content, lang));
    start = ph.end;
    i = ph.end - 1;
  }
  if (line.slice(start).trim() !== '') paraLine(line.slice(start));
}
