import { type ChangeObject, diffArrays } from 'diff';

/** A piece of a line on one side of the diff: text both revisions share, or text only the left has (removed) or only the right has (added). */
export interface DiffPart {
  readonly text: string;
  readonly change: 'same' | 'removed' | 'added';
}

/** One side of a row: its 1-based line number in that revision (null when the line is absent there) and its pieces. */
export interface DiffSide {
  readonly number: number | null;
  readonly parts: readonly DiffPart[];
}

/** One row of a side-by-side diff: a line of the old revision next to the line of the new one it became. */
export interface DiffRow {
  readonly kind: 'same' | 'added' | 'removed' | 'changed';
  readonly left: DiffSide;
  readonly right: DiffSide;
}

/** Stands for `count` unchanged rows left out of a collapsed diff. */
export interface DiffSkip {
  readonly kind: 'skip';
  readonly count: number;
}

/** How many words (and punctuation marks) a revision added and removed. */
export interface DiffStats {
  readonly added: number;
  readonly removed: number;
}

// Beyond these edit distances Myers' algorithm costs more than the answer is worth (its time grows
// with length × edits): lines, or words in a line, are then shown as replaced wholesale.
const MAX_LINE_EDITS = 1000;
const MAX_WORD_EDITS = 1000;

// Scripts written without spaces between words: each character is a token, as in jsdiff, so that
// one changed character of a Japanese sentence does not mark the whole sentence.
const UNSPACED = '\\p{sc=Han}\\p{sc=Hiragana}\\p{sc=Katakana}\\p{sc=Thai}\\p{sc=Lao}\\p{sc=Khmer}\\p{sc=Myanmar}';

// diffWordsWithSpace's tokenizer counts only Latin letters as word characters, so it splits Cyrillic,
// Greek or Hebrew words into single letters and parts a letter from its combining accent. This one
// keeps words of every script whole, and emoji and flags as one token; diffArrays over its tokens is
// otherwise the same algorithm as diffWordsWithSpace.
const TOKEN = new RegExp(
  [
    '[^\\S\\n]+',
    `[${UNSPACED}]\\p{M}*`,
    `(?:(?![${UNSPACED}])[\\p{L}\\p{M}\\p{N}\\p{Pc}])+`,
    '\\p{RI}\\p{RI}',
    '\\p{Extended_Pictographic}(?:\\p{M}|\\p{EMod}|\\u200d\\p{Extended_Pictographic})*',
    '[^]\\p{M}*',
  ].join('|'),
  'gu',
);

const tokenize = (line: string): string[] => line.match(TOKEN) ?? [];
const isSpace = (token: string): boolean => /^\s/u.test(token);
const words = (tokens: readonly string[]): number => tokens.reduce((n, t) => (isSpace(t) ? n : n + 1), 0);

/** The lines of a text, CRLF and CR read as LF; a final newline ends the last line rather than starting an empty one. */
const linesOf = (text: string): string[] => {
  if (text === '') return [];
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines;
};

const replaced = <T>(a: T[], b: T[]): ChangeObject<T[]>[] => [
  { value: a, count: a.length, added: false, removed: true },
  { value: b, count: b.length, added: true, removed: false },
];

const side = (number: number | null, text: string, change: DiffPart['change']): DiffSide => ({ number, parts: text === '' ? [] : [{ text, change }] });

interface Counted {
  readonly rows: DiffRow[];
  readonly stats: DiffStats;
}

/** The word-level pieces of a line that changed, both sides, with the words each side lost or gained. */
function changedRow(left: number, a: string, right: number, b: string): { row: DiffRow; added: number; removed: number } {
  const ta = tokenize(a);
  const tb = tokenize(b);
  const chunks = diffArrays(ta, tb, { maxEditLength: MAX_WORD_EDITS }) ?? replaced(ta, tb);
  const leftParts: DiffPart[] = [];
  const rightParts: DiffPart[] = [];
  const push = (parts: DiffPart[], text: string, change: DiffPart['change']) => {
    const last = parts[parts.length - 1];
    if (last?.change === change) parts[parts.length - 1] = { text: last.text + text, change };
    else if (text !== '') parts.push({ text, change });
  };
  let added = 0;
  let removed = 0;
  chunks.forEach((chunk, i) => {
    const text = chunk.value.join('');
    // A bare space kept between two changes reads as noise ("the cat" → "a dog" would show four
    // pieces); it joins the change on both sides instead.
    const between = i > 0 && i < chunks.length - 1 && chunk.value.every(isSpace);
    if (chunk.added) {
      push(rightParts, text, 'added');
      added += words(chunk.value);
    } else if (chunk.removed) {
      push(leftParts, text, 'removed');
      removed += words(chunk.value);
    } else if (between) {
      push(leftParts, text, 'removed');
      push(rightParts, text, 'added');
    } else {
      push(leftParts, text, 'same');
      push(rightParts, text, 'same');
    }
  });
  return { row: { kind: 'changed', left: { number: left, parts: leftParts }, right: { number: right, parts: rightParts } }, added, removed };
}

/** Aligns the lines of two texts and word-diffs the lines that changed, counting words as it goes. */
function compare(before: string, after: string): Counted {
  const a = linesOf(before);
  const b = linesOf(after);
  // Common first and last lines are cut off before diffing: a typical edit touches a few lines of a
  // long article, and the algorithm's cost then depends only on the part in between.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const middleA = a.slice(start, endA);
  const middleB = b.slice(start, endB);
  const chunks = middleA.length === 0 || middleB.length === 0 ? replaced(middleA, middleB) : diffArrays(middleA, middleB, { maxEditLength: MAX_LINE_EDITS }) ?? replaced(middleA, middleB);

  const rows: DiffRow[] = [];
  let added = 0;
  let removed = 0;
  const same = (i: number, j: number) => rows.push({ kind: 'same', left: side(i + 1, a[i] ?? '', 'same'), right: side(j + 1, b[j] ?? '', 'same') });
  for (let i = 0; i < start; i++) same(i, i);
  let i = start;
  let j = start;
  let gone: number[] = [];
  let come: number[] = [];
  // A run of removed lines next to a run of added ones is an edit: they pair up in order as changed
  // rows, and whatever one run has more of stays removed or added.
  const flush = () => {
    const paired = Math.min(gone.length, come.length);
    for (let k = 0; k < paired; k++) {
      const l = gone[k] as number;
      const r = come[k] as number;
      const c = changedRow(l + 1, a[l] ?? '', r + 1, b[r] ?? '');
      rows.push(c.row);
      added += c.added;
      removed += c.removed;
    }
    for (const l of gone.slice(paired)) {
      rows.push({ kind: 'removed', left: side(l + 1, a[l] ?? '', 'removed'), right: { number: null, parts: [] } });
      removed += words(tokenize(a[l] ?? ''));
    }
    for (const r of come.slice(paired)) {
      rows.push({ kind: 'added', left: { number: null, parts: [] }, right: side(r + 1, b[r] ?? '', 'added') });
      added += words(tokenize(b[r] ?? ''));
    }
    gone = [];
    come = [];
  };
  for (const chunk of chunks) {
    if (chunk.removed) for (let k = 0; k < chunk.count; k++) gone.push(i++);
    else if (chunk.added) for (let k = 0; k < chunk.count; k++) come.push(j++);
    else {
      flush();
      for (let k = 0; k < chunk.count; k++) same(i++, j++);
    }
  }
  flush();
  for (let k = 0; endA + k < a.length; k++) same(endA + k, endB + k);
  return { rows, stats: { added, removed } };
}

/** The side-by-side diff of two revisions of an article's markup: one row per aligned pair of lines, words marked within changed lines. */
export const diffSideBySide = (before: string, after: string): DiffRow[] => compare(before, after).rows;

/** The words (and punctuation marks) one revision added to and removed from the other, as the side-by-side diff marks them. */
export const diffStats = (before: string, after: string): DiffStats => compare(before, after).stats;

/**
 * The rows worth showing: every change with `context` unchanged rows around it, other unchanged
 * rows folded into skip markers, as a unified diff's hunks. A lone unchanged row is shown rather
 * than skipped, since its marker would take the same room.
 */
export function collapseContext(rows: readonly DiffRow[], context = 2): (DiffRow | DiffSkip)[] {
  const keep = Math.max(0, Math.floor(context)) || 0;
  // Distance from each row to the nearest change, looking back then forward.
  const near = rows.map(() => Infinity);
  let last = -Infinity;
  rows.forEach((row, k) => {
    if (row.kind !== 'same') last = k;
    near[k] = k - last;
  });
  last = Infinity;
  for (let k = rows.length - 1; k >= 0; k--) {
    if (rows[k]?.kind !== 'same') last = k;
    near[k] = Math.min(near[k] ?? Infinity, last - k);
  }
  const out: (DiffRow | DiffSkip)[] = [];
  let hidden: DiffRow[] = [];
  const flush = () => {
    if (hidden.length === 1) out.push(...hidden);
    else if (hidden.length > 1) out.push({ kind: 'skip', count: hidden.length });
    hidden = [];
  };
  rows.forEach((row, k) => {
    if ((near[k] ?? Infinity) <= keep) {
      flush();
      out.push(row);
    } else hidden.push(row);
  });
  flush();
  return out;
}
