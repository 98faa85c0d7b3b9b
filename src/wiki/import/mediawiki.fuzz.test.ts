import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../errors.ts';
import { mulberry32 } from '../../prng.ts';
import { planImport } from './mediawiki.import.ts';
import { readMediaWikiExport } from './mediawiki.xml.ts';
import { convertWikitext } from './wikitext.convert.ts';

const FIXTURE = readFileSync(new URL('../../../test/fixtures/mediawiki/export-0.11.xml', import.meta.url), 'utf8');

/** XML fragments a mutation may splice in: tags of the export, broken markup, entities, a DTD. */
const XML_BITS = ['<page>', '</page>', '<revision>', '</revision>', '<title>', '</title>', '<timestamp>2020-13-01T00:00:00Z</timestamp>',
  '<ns>x</ns>', '<text deleted="deleted"/>', '<![CDATA[', ']]>', '&amp;', '&lol;', '&#0;', '&#x110000;', '<!--', '-->', '<', '>', '"',
  '<!DOCTYPE mediawiki [<!ENTITY a "b">]>', '<?xml version="1.0"?>', '<upload>', '</mediawiki>', '<mediawiki>', '\u0000', '\uD800', 'xmlns:x="y"'];

/** Wikitext syntax a random fragment is built from. */
const WIKI_BITS = ['[[', ']]', '[', ']', '|', '{{', '}}', '{{{', '}}}', "''", "'''", "'''''", '<ref>', '</ref>', '<ref name="a"/>', '<ref name=a>',
  '<ref group=n>', '<references/>', '<references>', '</references>', '{{Reflist}}', '{|', '|-', '||', '!!', '!', '|+', '|}', 'rowspan=2 |',
  '\n', '\n\n', '\n ', '*', '#', ':', ';', '=', '==', '----', ' ', 'text', 'Nanook', '<nowiki>', '</nowiki>', '<nowiki/>', '<pre>', '</pre>',
  '<!--', '-->', '__TOC__', '__NOTOC__', '[https://example.org ', 'https://example.org/a_b', '[//x ', 'mailto:', '<br>', '<br/>', '<span>',
  '</span>', '<b>', '</b>', '<i>', '</i>', '<abbr title="x">', '</abbr>', '<code>', '</code>', '<math>', '</math>', '<gallery>', '</gallery>',
  '<poem>', '</poem>', '<syntaxhighlight lang="js">', '</syntaxhighlight>', '[[File:', '[[Category:', '[[de:', '[[wikt:', '{{#if:', '{{!}}',
  '{{cite book|last=Barnouw|first=Erik|title=Documentary|year=1993|page=139}}', '{{cite web|url=https://example.org|title=', 'last=', '#REDIRECT',
  '&lt;', '&amp;', '`', '\\', '*_', '<', '>', '\uE000', '\uE001', '\uE002', '\uE0010\uE001', '\r\n', '\t', 'é', '😀'];

function mutate(random: () => number, text: string): string {
  const at = Math.floor(random() * text.length);
  const len = Math.floor(random() * 200);
  switch (Math.floor(random() * 6)) {
    case 0: return text.slice(0, at) + text.slice(at + len); // delete a run
    case 1: return text.slice(0, at) + XML_BITS[Math.floor(random() * XML_BITS.length)] + text.slice(at); // splice markup in
    case 2: return text.slice(0, at) + text.slice(at, at + len).repeat(2) + text.slice(at); // duplicate a run
    case 3: return text.slice(0, at) + String.fromCharCode(Math.floor(random() * 128)) + text.slice(at + 1); // replace a character
    case 4: return text.slice(0, at); // truncate
    default: return text.slice(0, at) + WIKI_BITS[Math.floor(random() * WIKI_BITS.length)] + text.slice(at); // wikitext into a text
  }
}

function fragment(random: () => number): string {
  let out = '';
  for (let n = 1 + Math.floor(random() * 60); n > 0; n--) out += WIKI_BITS[Math.floor(random() * WIKI_BITS.length)];
  return out;
}

describe('fuzzing the MediaWiki import (seeded, reproducible)', () => {
  it('2,000 mutated exports are read or refused with an AppError', () => {
    const random = mulberry32(20240611);
    let read = 0;
    let refused = 0;
    for (let i = 0; i < 2_000; i++) {
      let xml = FIXTURE;
      for (let m = 1 + Math.floor(random() * 3); m > 0; m--) xml = mutate(random, xml);
      try {
        const dump = readMediaWikiExport(xml);
        if (i % 20 === 0) planImport(dump); // conversion of what a mutated dump holds must not throw either
        read++;
      } catch (e) {
        if (!isAppError(e)) throw new Error(`seed 20240611, case ${i}: ${String(e)}`);
        expect(e.kind).toBe('invalid');
        refused++;
      }
    }
    // The mutations reach both outcomes.
    expect(read).toBeGreaterThan(100);
    expect(refused).toBeGreaterThan(100);
  });

  it('2,000 random wikitext fragments convert without throwing, leaking placeholders or stalling', () => {
    const random = mulberry32(19221611);
    let slowest = 0;
    for (let i = 0; i < 2_000; i++) {
      const text = fragment(random);
      const t = performance.now();
      const r = convertWikitext(text);
      slowest = Math.max(slowest, performance.now() - t);
      expect(typeof r.markup).toBe('string');
      expect(r.markup).not.toMatch(/[\uE000-\uE005]/);
      expect(r.unconverted.every((line) => typeof line === 'string')).toBe(true);
      if (i % 100 === 0) expect(convertWikitext(text)).toEqual(r);
    }
    // A stall (catastrophic backtracking) takes seconds to minutes; a busy machine's slowest fragment stays far under this.
    expect(slowest).toBeLessThan(1000);
  });
});

// The bounds are loose on purpose: a quadratic pass over 200 kB takes minutes, a linear one tens of
// milliseconds, so only the first fails, however busy the machine.
describe('convertWikitext runs in linear time', () => {
  it.each([
    ['[[[[[[', '[[[[[['],
    ["''''''", "''''''"],
    ['{{{{', '{{{{'],
    ['a mix', "[[[[[[''''''{{{{"],
    ['unclosed tags', '<ref><nowiki><pre><!-- '],
    ['unclosed links and ext links', '[[a|[http://x.org b '],
    ['list and table markers', '\n*#:;{|\n|'],
    ['closing brackets', ']]}}|}'],
  ])('200 kB of %s in under five seconds', (_, unit) => {
    const text = unit.repeat(Math.ceil(200_000 / unit.length));
    const t = performance.now();
    convertWikitext(text);
    expect(performance.now() - t).toBeLessThan(5000);
  });

  it('deep nesting of templates, links, non-links and citations in under five seconds', () => {
    const t = performance.now();
    convertWikitext(`${'{{a|'.repeat(20_000)}${'}}'.repeat(20_000)}`);
    convertWikitext(`${'[[a|'.repeat(20_000)}${']]'.repeat(20_000)}`);
    convertWikitext(`${'[[<'.repeat(40_000)}${']]'.repeat(40_000)}`);
    convertWikitext(`<ref>${'{{cite book|title='.repeat(10_000)}${'}}'.repeat(10_000)}</ref>`);
    expect(performance.now() - t).toBeLessThan(5000);
  });

  it('a thousand sources of one author and year get their keys in under five seconds', () => {
    const text = Array.from({ length: 1000 }, (_, k) => `<ref>{{cite book|last=Rotha|title=Volume ${k}|year=1935}}</ref>`).join('');
    const t = performance.now();
    const r = convertWikitext(text);
    expect(performance.now() - t).toBeLessThan(5000);
    expect(r.sources.map((s) => s.id).slice(0, 3)).toEqual(['rotha1935', 'rotha1935a', 'rotha1935b']);
    expect(r.sources[999]!.id).toBe('rotha1935alk');
  });
});
