import { PH_OPEN } from './wikitext.context.ts';

interface Cell { readonly header: boolean; readonly attrs: string; readonly text: string }

/** Renders one line of inline wikitext (the caller's `renderInline`, bound to its fragment). */
export type InlineRenderer = (text: string) => string;

/**
 * Converts a wikitext table (`lines` from its `{|` to its `|}`) to a GFM pipe table, or, when it
 * cannot be one (spans, nesting, cells over several lines), to plain lines, reported.
 */
export function convertTable(lines: readonly string[], inline: InlineRenderer, report: (line: string) => void): string[] {
  const rows: Cell[][] = [];
  let row: Cell[] = [];
  let caption = '';
  let problem: string | undefined;
  for (const rawLine of lines.slice(1)) {
    const line = rawLine.trimStart();
    if (line.startsWith('{|')) problem ??= 'nested table';
    else if (line.startsWith('|}')) break;
    else if (line.startsWith('|+')) caption = splitAttributes(line.slice(2)).text;
    else if (line.startsWith('|-')) {
      if (row.length > 0) rows.push(row);
      row = [];
    } else if (line.startsWith('!') || line.startsWith('|')) {
      const header = line[0] === '!';
      for (const cell of splitCells(line.slice(1), header)) {
        const { attrs, text } = splitAttributes(cell);
        const span = /\b(rowspan|colspan)\s*=[\s"']*(\d+)/i.exec(attrs);
        if (span !== null && Number(span[2]) > 1) problem ??= `table with ${span[1]!.toLowerCase()}`;
        row.push({ header, attrs, text });
      }
    } else if (line.trim() !== '') problem ??= 'table with multi-line cells';
  }
  if (row.length > 0) rows.push(row);
  if (problem !== undefined) {
    report(`${problem} kept as text`);
    return plainLines(lines, inline);
  }

  const blocks: string[] = [];
  const shownCaption = caption.trim() === '' ? '' : inline(caption).trim();
  if (shownCaption !== '') blocks.push(`*${shownCaption}*`);
  if (rows.length === 0) return blocks;
  const width = rows.reduce((w, r) => Math.max(w, r.length), 0);
  const first = rows[0]!;
  const hasHeader = first.every((c) => c.header);
  const header = hasHeader ? first.map((c) => c.text) : [];
  const body = hasHeader ? rows.slice(1) : rows;
  const cellText = (text: string) => inline(text).trim().replace(/\n/g, ' ').replace(/\|/g, '\\|');
  const toLine = (cells: readonly string[]) => `| ${Array.from({ length: width }, (_, k) => cells[k] ?? '').join(' | ')} |`;
  const out = [toLine(header.map(cellText)), `|${' --- |'.repeat(width)}`];
  for (const r of body) out.push(toLine(r.map((c) => cellText(c.text))));
  blocks.push(out.join('\n'));
  return blocks;
}

/** Splits a row line at `||` (and `!!` on a header line), but not inside `[[link|label]]`. */
function splitCells(text: string, header: boolean): string[] {
  const cells: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '[' && text[i + 1] === '[') { depth++; i++; }
    else if (c === ']' && text[i + 1] === ']' && depth > 0) { depth--; i++; }
    else if (depth === 0 && (c === '|' || (header && c === '!')) && text[i + 1] === c) {
      cells.push(text.slice(start, i));
      start = i + 2;
      i++;
    }
  }
  cells.push(text.slice(start));
  return cells;
}

/** MediaWiki: a cell's first single `|` (outside links) ends its attributes (`style="…" | text`). */
function splitAttributes(cell: string): { attrs: string; text: string } {
  let depth = 0;
  for (let i = 0; i < cell.length; i++) {
    const c = cell[i];
    if (c === '[' && cell[i + 1] === '[') { depth++; i++; }
    else if (c === ']' && cell[i + 1] === ']' && depth > 0) { depth--; i++; }
    else if (c === PH_OPEN) return { attrs: '', text: cell }; // a ref or template before any bar: content
    else if (c === '|' && depth === 0) return { attrs: cell.slice(0, i), text: cell.slice(i + 1) };
  }
  return { attrs: '', text: cell };
}

/** The fallback: each row's cells on one line, separated by a bar, lines joined by `<br>`. */
function plainLines(lines: readonly string[], inline: InlineRenderer): string[] {
  const out: string[] = [];
  for (const rawLine of lines) {
    const line = rawLine.trimStart();
    if (line.startsWith('{|') || line.startsWith('|}') || line.startsWith('|-')) continue;
    let text: string;
    if (line.startsWith('|+')) text = inline(splitAttributes(line.slice(2)).text).trim();
    else if (line.startsWith('!') || line.startsWith('|')) {
      text = splitCells(line.slice(1), line[0] === '!')
        .map((c) => inline(splitAttributes(c).text).trim())
        .filter((c) => c !== '')
        .join(' | ');
    } else text = inline(line).trim();
    if (text !== '') out.push(text);
  }
  return out.length === 0 ? [] : [out.join('<br>')];
}
