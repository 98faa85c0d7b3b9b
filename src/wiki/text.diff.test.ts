import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../prng.ts';
import { collapseContext, type DiffRow, diffSideBySide, diffStats } from './text.diff.ts';

const same = (l: number, r: number, text: string): DiffRow => ({ kind: 'same', left: { number: l, parts: text === '' ? [] : [{ text, change: 'same' }] }, right: { number: r, parts: text === '' ? [] : [{ text, change: 'same' }] } });
const added = (r: number, text: string): DiffRow => ({ kind: 'added', left: { number: null, parts: [] }, right: { number: r, parts: [{ text, change: 'added' }] } });
const removed = (l: number, text: string): DiffRow => ({ kind: 'removed', left: { number: l, parts: [{ text, change: 'removed' }] }, right: { number: null, parts: [] } });

const withoutFinalEmpty = (lines: string[]) => (lines[lines.length - 1] === '' ? lines.slice(0, -1) : lines);

/** Each side's parts joined back together must give that side's line, whatever the diff decided. */
const sides = (rows: readonly DiffRow[]) => ({
  left: rows.filter((r) => r.left.number !== null).map((r) => r.left.parts.map((p) => p.text).join('')),
  right: rows.filter((r) => r.right.number !== null).map((r) => r.right.parts.map((p) => p.text).join('')),
});

describe('diffSideBySide', () => {
  it('shows identical texts as unchanged rows', () => {
    expect(diffSideBySide('one\ntwo\n', 'one\ntwo\n')).toEqual([same(1, 1, 'one'), same(2, 2, 'two')]);
    expect(diffSideBySide('', '')).toEqual([]);
  });

  it('shows everything added when there was nothing before, and everything removed when nothing is left', () => {
    expect(diffSideBySide('', '# Nanook\n\nA film.')).toEqual([added(1, '# Nanook'), { kind: 'added', left: { number: null, parts: [] }, right: { number: 2, parts: [] } }, added(3, 'A film.')]);
    expect(diffSideBySide('a\nb', '')).toEqual([removed(1, 'a'), removed(2, 'b')]);
  });

  it('reads CRLF and lone CR as LF, and ignores a final newline', () => {
    expect(diffSideBySide('one\r\ntwo\r\n', 'one\ntwo')).toEqual([same(1, 1, 'one'), same(2, 2, 'two')]);
    expect(diffSideBySide('one\rtwo', 'one\ntwo\n')).toEqual([same(1, 1, 'one'), same(2, 2, 'two')]);
  });

  it('pairs a changed line with its new version and marks the words that differ', () => {
    expect(diffSideBySide('a\nThe quick brown fox.\nc', 'a\nThe slow brown fox!\nc\nd')).toEqual([
      same(1, 1, 'a'),
      {
        kind: 'changed',
        left: { number: 2, parts: [{ text: 'The ', change: 'same' }, { text: 'quick', change: 'removed' }, { text: ' brown fox', change: 'same' }, { text: '.', change: 'removed' }] },
        right: { number: 2, parts: [{ text: 'The ', change: 'same' }, { text: 'slow', change: 'added' }, { text: ' brown fox', change: 'same' }, { text: '!', change: 'added' }] },
      },
      same(3, 3, 'c'),
      added(4, 'd'),
    ]);
  });

  it('pairs removed and added runs one to one, and leaves the surplus removed or added', () => {
    expect(diffSideBySide('k\nx1\nx2\nx3\nk', 'k\ny1\nk')).toEqual([
      same(1, 1, 'k'),
      { kind: 'changed', left: { number: 2, parts: [{ text: 'x1', change: 'removed' }] }, right: { number: 2, parts: [{ text: 'y1', change: 'added' }] } },
      removed(3, 'x2'),
      removed(4, 'x3'),
      same(5, 3, 'k'),
    ]);
    expect(diffSideBySide('k\nx1\nk', 'k\ny1\ny2\nk')).toEqual([
      same(1, 1, 'k'),
      { kind: 'changed', left: { number: 2, parts: [{ text: 'x1', change: 'removed' }] }, right: { number: 2, parts: [{ text: 'y1', change: 'added' }] } },
      added(3, 'y2'),
      same(3, 4, 'k'),
    ]);
  });

  it('keeps line numbers of both sides in step across insertions and deletions', () => {
    expect(diffSideBySide('a\nb\nc\nd', 'a\nc\nd\ne')).toEqual([same(1, 1, 'a'), removed(2, 'b'), same(3, 2, 'c'), same(4, 3, 'd'), added(4, 'e')]);
  });

  it('folds a bare space between two changes into the change', () => {
    expect(diffSideBySide('the cat sat', 'a dog sat')).toEqual([
      { kind: 'changed', left: { number: 1, parts: [{ text: 'the cat', change: 'removed' }, { text: ' sat', change: 'same' }] }, right: { number: 1, parts: [{ text: 'a dog', change: 'added' }, { text: ' sat', change: 'same' }] } },
    ]);
  });

  it('keeps words of every script, accents and emoji whole', () => {
    expect(diffSideBySide('Человек с киноаппаратом', 'Человек с кинокамерой')).toEqual([
      { kind: 'changed', left: { number: 1, parts: [{ text: 'Человек с ', change: 'same' }, { text: 'киноаппаратом', change: 'removed' }] }, right: { number: 1, parts: [{ text: 'Человек с ', change: 'same' }, { text: 'кинокамерой', change: 'added' }] } },
    ]);
    // "é" written as e + combining acute: the accent stays on its letter rather than becoming a change of its own.
    expect(diffSideBySide('un cafe\u0301 noir', 'un cafe noir')[0]).toEqual({
      kind: 'changed',
      left: { number: 1, parts: [{ text: 'un ', change: 'same' }, { text: 'cafe\u0301', change: 'removed' }, { text: ' noir', change: 'same' }] },
      right: { number: 1, parts: [{ text: 'un ', change: 'same' }, { text: 'cafe', change: 'added' }, { text: ' noir', change: 'same' }] },
    });
    expect(diffSideBySide('film 👨‍👩‍👧 🇫🇷', 'film 👨‍👩‍👦 🇫🇷')[0]).toEqual({
      kind: 'changed',
      left: { number: 1, parts: [{ text: 'film ', change: 'same' }, { text: '👨‍👩‍👧', change: 'removed' }, { text: ' 🇫🇷', change: 'same' }] },
      right: { number: 1, parts: [{ text: 'film ', change: 'same' }, { text: '👨‍👩‍👦', change: 'added' }, { text: ' 🇫🇷', change: 'same' }] },
    });
    // Japanese has no spaces between words: a character is the unit, not the sentence.
    expect(diffSideBySide('日本語の文章', '日本語の文書')[0]).toEqual({
      kind: 'changed',
      left: { number: 1, parts: [{ text: '日本語の文', change: 'same' }, { text: '章', change: 'removed' }] },
      right: { number: 1, parts: [{ text: '日本語の文', change: 'same' }, { text: '書', change: 'added' }] },
    });
  });

  it('gives back both texts exactly from the parts of each side, over random edits', () => {
    const random = mulberry32(7);
    const vocabulary = ['film', 'Nanook', ' ', '  ', '.', ',', 'été', 'Москва', '日本', '👍', '[[link]]', '\t', 'x'];
    const line = () => Array.from({ length: Math.floor(random() * 8) }, () => vocabulary[Math.floor(random() * vocabulary.length)]).join('');
    for (let n = 0; n < 300; n++) {
      const before = Array.from({ length: Math.floor(random() * 10) }, line);
      const after = before.filter(() => random() > 0.2).map((l) => (random() < 0.3 ? line() : l));
      if (random() < 0.5) after.splice(Math.floor(random() * (after.length + 1)), 0, line());
      const rows = diffSideBySide(before.join('\n'), after.join('\n'));
      expect(sides(rows)).toEqual({ left: withoutFinalEmpty(before), right: withoutFinalEmpty(after) });
      for (const row of rows) {
        expect(row.left.parts.every((p) => p.change !== 'added' && p.text !== '')).toBe(true);
        expect(row.right.parts.every((p) => p.change !== 'removed' && p.text !== '')).toBe(true);
      }
    }
  });

  it('diffs a 200 kB pair with a few changes quickly', () => {
    const lines = Array.from({ length: 3000 }, (_, i) => `Line ${i}: the archive holds ${i * 7919 % 1000} reels of nitrate film, catalogued.`);
    const before = lines.join('\n');
    const edited = lines.slice();
    edited[10] = 'Line 10: the archive holds many reels of safety film, catalogued.';
    edited[2999] = `${edited[2999]} (revised)`;
    edited.splice(1500, 2);
    edited.splice(2500, 0, 'A new paragraph about preservation.');
    const after = edited.join('\n');
    expect(before.length).toBeGreaterThan(200_000);
    const started = performance.now();
    const rows = diffSideBySide(before, after);
    const ms = performance.now() - started;
    console.log(`diffSideBySide, ${before.length} and ${after.length} characters: ${ms.toFixed(1)} ms`);
    expect(ms).toBeLessThan(2000);
    expect(rows.filter((r) => r.kind !== 'same').map((r) => [r.kind, r.left.number, r.right.number])).toEqual([
      ['changed', 11, 11],
      ['removed', 1501, null],
      ['removed', 1502, null],
      ['added', null, 2501],
      ['changed', 3000, 2999],
    ]);
  });

  it('word-diffs a 200 kB single line quickly, and gives up on two unrelated ones', () => {
    const random = mulberry32(11);
    const paragraph = () => Array.from({ length: 40_000 }, () => random().toString(36).slice(2, 2 + 1 + Math.floor(random() * 8))).join(' ');
    const before = paragraph();
    const after = before.replace(/ (\w+) /, ' CHANGED ').replace(/(\w+)$/, 'END');
    expect(before.length).toBeGreaterThan(200_000);
    let started = performance.now();
    const [row] = diffSideBySide(before, after);
    let ms = performance.now() - started;
    console.log(`diffSideBySide, one line of ${before.length} characters, two words changed: ${ms.toFixed(1)} ms`);
    expect(ms).toBeLessThan(2000);
    expect(row?.right.parts.filter((p) => p.change === 'added').map((p) => p.text)).toEqual(['CHANGED', 'END']);
    const other = paragraph();
    started = performance.now();
    const [whole] = diffSideBySide(before, other);
    ms = performance.now() - started;
    console.log(`diffSideBySide, two unrelated lines of ${before.length} characters: ${ms.toFixed(1)} ms`);
    expect(ms).toBeLessThan(2000);
    expect(whole).toEqual({ kind: 'changed', left: { number: 1, parts: [{ text: before, change: 'removed' }] }, right: { number: 1, parts: [{ text: other, change: 'added' }] } });
  });

  it('gives up on a minimal diff of two entirely different long texts rather than taking seconds', () => {
    const random = mulberry32(3);
    const text = () => Array.from({ length: 3000 }, () => random().toString(36).slice(2)).join('\n');
    const [before, after] = [text(), text()];
    const started = performance.now();
    const rows = diffSideBySide(before, after);
    const ms = performance.now() - started;
    console.log(`diffSideBySide, two unrelated texts of 3000 lines: ${ms.toFixed(1)} ms`);
    expect(ms).toBeLessThan(2000);
    expect(sides(rows)).toEqual({ left: before.split('\n'), right: after.split('\n') });
  });
});

describe('diffStats', () => {
  it('counts the words and punctuation marks added and removed', () => {
    expect(diffStats('the cat sat on the mat.', 'the dog sat on a mat!')).toEqual({ added: 3, removed: 3 });
    expect(diffStats('', 'Nanook of the North\n\n(1922)')).toEqual({ added: 7, removed: 0 });
    expect(diffStats('Nanook of the North', '')).toEqual({ added: 0, removed: 4 });
    expect(diffStats('same\r\ntext', 'same\ntext\n')).toEqual({ added: 0, removed: 0 });
    expect(diffStats('a  b', 'a b')).toEqual({ added: 0, removed: 0 });
  });
});

describe('collapseContext', () => {
  const rows = diffSideBySide(['1', '2', '3', '4', '5', '6', '7', '8', '9', '10'].join('\n'), ['1', '2', '3', '4', 'five', '6', '7', '8', '9', '10'].join('\n'));

  it('keeps the given number of unchanged rows around a change and skips the rest', () => {
    expect(collapseContext(rows)).toEqual([{ kind: 'skip', count: 2 }, same(3, 3, '3'), same(4, 4, '4'), rows[4], same(6, 6, '6'), same(7, 7, '7'), { kind: 'skip', count: 3 }]);
    expect(collapseContext(rows, 0)).toEqual([{ kind: 'skip', count: 4 }, rows[4], { kind: 'skip', count: 5 }]);
  });

  it('shows a single unchanged row instead of a marker for it', () => {
    expect(collapseContext(rows, 3)).toEqual([same(1, 1, '1'), ...rows.slice(1, 8), { kind: 'skip', count: 2 }]);
  });

  it('merges the context of changes close together', () => {
    const two = diffSideBySide('a\nb\nc\nd\ne\nf\ng\nh', 'A\nb\nc\nd\nE\nf\ng\nh');
    expect(collapseContext(two, 0)).toEqual([two[0], { kind: 'skip', count: 3 }, two[4], { kind: 'skip', count: 3 }]);
    expect(collapseContext(two, 1)).toEqual([...two.slice(0, 6), { kind: 'skip', count: 2 }]);
    expect(collapseContext(two, 2)).toEqual(two);
  });

  it('folds a diff without changes into one marker, and keeps everything when the context is large', () => {
    expect(collapseContext(diffSideBySide('a\nb\nc', 'a\nb\nc'))).toEqual([{ kind: 'skip', count: 3 }]);
    expect(collapseContext([])).toEqual([]);
    expect(collapseContext(rows, Infinity)).toEqual(rows);
  });
});
