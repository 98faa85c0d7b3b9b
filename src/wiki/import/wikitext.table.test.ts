import { describe, expect, it } from 'vitest';
import { convertWikitext } from './wikitext.convert.ts';

describe('convertWikitext: tables', () => {
  it('turns a table with a header row into a GFM pipe table', () => {
    const text = [
      '{| class="wikitable"',
      '! Year !! Title',
      '|-',
      '| 1922 || [[Nanook of the North]]',
      '|-',
      '| 1936',
      "| ''The Plow That Broke the Plains''",
      '|}',
    ].join('\n');
    expect(convertWikitext(text)).toEqual({
      markup: '| Year | Title |\n| --- | --- |\n| 1922 | [[Nanook of the North]] |\n| 1936 | *The Plow That Broke the Plains* |',
      unconverted: [],
      sources: [],
    });
  });

  it('gives a table without header cells an empty header', () => {
    expect(convertWikitext('{|\n| a || b\n|-\n| c || d\n|}').markup).toBe('|  |  |\n| --- | --- |\n| a | b |\n| c | d |');
  });

  it('puts the caption before the table, drops cell attributes and escapes bars', () => {
    const text = [
      '{| class="wikitable" style="width:100%"',
      '|+ style="caption-side:top" | Selected releases',
      '! scope="col" | Year !! Notes',
      '|-',
      '| style="text-align:right" | 1947 || a [[Soundtrack|sound]] re-release',
      '|-',
      '| 1989 || <nowiki>a|b</nowiki>{{!}}c',
      '|}',
    ].join('\n');
    expect(convertWikitext(text).markup).toBe(
      '*Selected releases*\n\n| Year | Notes |\n| --- | --- |\n| 1947 | a [[Soundtrack\\|sound]] re-release |\n| 1989 | a\\|b\\|c |',
    );
  });

  it('pads short rows and keeps the header from the first row of ! cells only', () => {
    expect(convertWikitext('{|\n! A !! B !! C\n|-\n| 1\n|-\n! 2 || 3\n|}').markup).toBe(
      '| A | B | C |\n| --- | --- | --- |\n| 1 |  |  |\n| 2 | 3 |  |',
    );
  });

  it('separates the table from the paragraphs around it', () => {
    expect(convertWikitext('Before\n{|\n! A\n|-\n| 1\n|}\nAfter').markup).toBe('Before\n\n| A |\n| --- |\n| 1 |\n\nAfter');
  });

  it.each([
    ['rowspan', '{|\n! A !! B\n|-\n| rowspan="2" | x || y\n|-\n| z\n|}', 'table with rowspan kept as text', 'A | B<br>x | y<br>z'],
    ['colspan', '{|\n| colspan=2 | wide\n|-\n| a || b\n|}', 'table with colspan kept as text', 'wide<br>a | b'],
    ['a nested table', '{|\n| outer\n|-\n|\n{|\n| inner\n|}\n|}', 'nested table kept as text', 'outer<br>inner'],
    ['multi-line cells', '{|\n| first\nline two of the cell\n|}', 'table with multi-line cells kept as text', 'first<br>line two of the cell'],
  ])('keeps a table with %s as plain lines, reported', (_, text, report, markup) => {
    const r = convertWikitext(text);
    expect(r.markup).toBe(markup);
    expect(r.unconverted).toEqual([report]);
  });

  it('does not mind rowspan="1"', () => {
    expect(convertWikitext('{|\n| rowspan="1" | a\n|}').unconverted).toEqual([]);
  });
});
