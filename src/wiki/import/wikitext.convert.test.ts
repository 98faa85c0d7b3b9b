import { describe, expect, it } from 'vitest';
import { convertWikitext } from './wikitext.convert.ts';

const md = (text: string) => convertWikitext(text).markup;
const lost = (text: string) => convertWikitext(text).unconverted;

describe('convertWikitext: headings, paragraphs, rules', () => {
  it('turns each heading level into as many #', () => {
    expect(md('= One =\n== Two ==\n=== Three ===\n====Four====\n===== Five =====\n====== Six ======')).toBe(
      '# One\n\n## Two\n\n### Three\n\n#### Four\n\n##### Five\n\n###### Six',
    );
  });

  it('takes the smaller count of = as the level, and ignores trailing spaces and comments', () => {
    expect(md('=== Unbalanced ==')).toBe('## = Unbalanced');
    expect(md('== Releases ==  <!-- keep short -->')).toBe('## Releases');
    expect(md('==')).toBe('==');
    expect(md('== [[Nanook]] ==')).toBe('## [[Nanook]]');
  });

  it('keeps paragraphs separated by blank lines and joins the lines of one paragraph', () => {
    expect(md('First line\nsecond line\n\n\n\nNext paragraph')).toBe('First line\nsecond line\n\nNext paragraph');
  });

  it('drops trailing spaces, which CommonMark would read as a hard break', () => {
    expect(md('one  \ntwo')).toBe('one\ntwo');
  });

  it('turns ---- into a thematic break', () => {
    expect(md('Before\n----\nAfter')).toBe('Before\n\n---\n\nAfter');
    // At the very top `---` would open Kinora's YAML front matter.
    expect(md('------\nText\n----')).toBe('***\n\nText\n\n---');
  });

  it('removes comments silently, and a line holding only a comment disappears', () => {
    expect(md('Nanook<!-- the hunter --> of the North')).toBe('Nanook of the North');
    expect(md('one\n<!-- a note\nover lines -->\ntwo')).toBe('one\ntwo');
    expect(md('text <!-- never closed')).toBe('text');
    expect(lost('a<!-- b -->')).toEqual([]);
  });
});

describe('convertWikitext: emphasis', () => {
  it('converts bold, italic and both', () => {
    expect(md("'''bold'''")).toBe('**bold**');
    expect(md("''italic''")).toBe('*italic*');
    expect(md("'''''both'''''")).toBe('***both***');
    expect(md("'''''both''' then italic''")).toBe('***both** then italic*');
  });

  it('reads odd apostrophes as MediaWiki does', () => {
    expect(md("l'''arbre''' is ''French''")).toBe('l**arbre** is *French*');
    expect(md("''''four''''")).toBe("'**four'**");
    expect(md("Flaherty's film")).toBe("Flaherty's film");
  });

  it('closes emphasis left open at the end of a line', () => {
    expect(md("''open\nnext")).toBe('*open*\nnext');
  });

  it('moves spaces outside the marks, where CommonMark needs them', () => {
    expect(md("a''' bold '''b")).toBe('a **bold** b');
    expect(md("Text ''' bold ''' and '' it ''.")).toBe('Text **bold** and *it* .');
    expect(md("'''''' ''")).toBe("'");
  });

  it('converts <b>, <i>, <strong> and <em>', () => {
    expect(md('<b>bold</b> and <i>italic</i>, <strong>s</strong> <em>e</em>')).toBe('**bold** and *italic*, **s** *e*');
  });
});

describe('convertWikitext: links', () => {
  it('keeps internal links as they are', () => {
    expect(md('[[Nanook of the North]]')).toBe('[[Nanook of the North]]');
    expect(md('[[Robert J. Flaherty|Flaherty]]')).toBe('[[Robert J. Flaherty|Flaherty]]');
    expect(md('[[Nanook of the North#Production|the production]]')).toBe('[[Nanook of the North#Production|the production]]');
    expect(md("[[Nanook of the North|''Nanook'']]")).toBe('[[Nanook of the North|*Nanook*]]');
  });

  it('keeps link trails and the pipe trick, which Kinora reads as MediaWiki does', () => {
    expect(md('[[documentary film]]s and [[Inuit|Inuk]]s.')).toBe('[[documentary film]]s and [[Inuit|Inuk]]s.');
    expect(md('[[Nanook (film)|]]')).toBe('[[Nanook (film)|]]');
  });

  it('keeps categories without their sort key', () => {
    expect(md('[[Category:Documentary films]]')).toBe('[[Category:Documentary films]]');
    expect(md('[[Category:1922 films|Nanook of the North]]')).toBe('[[Category:1922 films]]');
    expect(md('[[category: Silent films ]]')).toBe('[[Category:Silent films]]');
    expect(md('See [[:Category:Documentary films]].')).toBe('See [[:Category:Documentary films]].');
  });

  it('drops files and images, and reports them', () => {
    const r = convertWikitext('Still.[[File:Nanook.jpg|thumb|Nanook with a [[harpoon]]]] [[Image:Igloo.png]]');
    expect(r.markup).toBe('Still.');
    expect(r.unconverted).toEqual(['file [[File:Nanook.jpg]] dropped', 'file [[File:Igloo.png]] dropped']);
  });

  it('drops language links and keeps the text of interwiki links', () => {
    const r = convertWikitext("[[de:Nanuk, der Eskimo]]\nAn [[wikt:igloo|igloo]] and [[:fr:Nanouk l'Esquimau]].");
    expect(r.markup).toBe("An igloo and fr:Nanouk l'Esquimau.");
    expect(r.unconverted).toEqual([
      'language link [[de:Nanuk, der Eskimo]] dropped',
      'interwiki link [[wikt:igloo]] dropped (text kept)',
      "interwiki link [[fr:Nanouk l'Esquimau]] dropped (text kept)",
    ]);
  });

  it('keeps links to other namespaces and titles with a colon', () => {
    expect(md('[[Help:Editing]] and [[Star Wars: A New Hope]]')).toBe('[[Help:Editing]] and [[Star Wars: A New Hope]]');
  });

  it('converts external links', () => {
    expect(md('[https://www.marshallfoundation.org the Marshall Foundation]')).toBe('[the Marshall Foundation](https://www.marshallfoundation.org)');
    expect(md('[https://example.org/archive]')).toBe('<https://example.org/archive>');
    expect(md("[https://example.org/a_(b) ''label'']")).toBe('[*label*](https://example.org/a_\\(b\\))');
    expect(md('[//example.org/x protocol-relative]')).toBe('[protocol-relative](https://example.org/x)');
    expect(md('[mailto:archive@example.org write]')).toBe('[write](mailto:archive@example.org)');
  });

  it('keeps links Kinora cannot follow (ftp, news…) as text, reported', () => {
    const r = convertWikitext('[ftp://ftp.example.org/reels the reels] and [news:comp.film]');
    expect(r.markup).toBe('the reels (ftp://ftp.example.org/reels) and news:comp.film');
    expect(r.unconverted).toEqual(['external link to ftp: kept as text', 'external link to news: kept as text']);
  });

  it('keeps bare URLs and brackets that are no link', () => {
    expect(md('See https://example.org/nanook for more.')).toBe('See https://example.org/nanook for more.');
    expect(md('[citation needed] [[ ]] [not a url]')).toBe('[citation needed] [[ ]] [not a url]');
    expect(md('[[[Nanook]]]')).toBe('[[[Nanook]]]');
  });
});

describe('convertWikitext: lists', () => {
  it('converts bulleted lists, nesting two spaces per level', () => {
    expect(md('* a\n** b\n*** c\n* d')).toBe('- a\n  - b\n    - c\n- d');
  });

  it('converts numbered lists, nested at the content column CommonMark needs', () => {
    expect(md('# a\n## b\n# c')).toBe('1. a\n   1. b\n1. c');
  });

  it('converts mixed lists', () => {
    expect(md('* a\n*# one\n*# two\n* b')).toBe('- a\n  1. one\n  1. two\n- b');
    expect(md('# a\n#* x')).toBe('1. a\n   - x');
  });

  it('continues an item with #: on a new line', () => {
    expect(md('# first\n#: more about it\n# second')).toBe('1. first<br>\n   more about it\n1. second');
  });

  it('ends a list before the next paragraph', () => {
    expect(md('* a\nafter')).toBe('- a\n\nafter');
    expect(md('before\n* a')).toBe('before\n\n- a');
  });

  it('turns definition lists into bold terms and paragraphs, reported once', () => {
    const r = convertWikitext('; Nanook : the hunter\n; Nyla\n: his wife\n; Allee : the [[Inuit|Inuk]] name: unknown');
    expect(r.markup).toBe('**Nanook**\n\nthe hunter\n\n**Nyla**\n\nhis wife\n\n**Allee**\n\nthe [[Inuit|Inuk]] name: unknown');
    expect(r.unconverted).toEqual(['definition list converted to bold terms and paragraphs']);
  });

  it('keeps an indented line as a paragraph, reported', () => {
    const r = convertWikitext('Text\n: indented');
    expect(r.markup).toBe('Text\n\nindented');
    expect(r.unconverted).toEqual(['indentation (:) dropped']);
  });
});

describe('convertWikitext: HTML and literal text', () => {
  it('keeps the inline HTML Kinora allows, without attributes', () => {
    expect(md('a<br>b<br/>c<br />d</br>e')).toBe('a<br>b<br>c<br>d<br>e');
    expect(md('H<sub>2</sub>O, x<sup style="color:red">2</sup>, <small>s</small> <s>x</s> <u>u</u>')).toBe(
      'H<sub>2</sub>O, x<sup>2</sup>, <small>s</small> <s>x</s> <u>u</u>',
    );
    expect(md('<abbr title="National Film Registry" class="x">NFR</abbr>')).toBe('<abbr title="National Film Registry">NFR</abbr>');
    expect(md('<del>old</del> <ins>new</ins>')).toBe('<s>old</s> <u>new</u>');
    expect(md('<kbd>Ctrl</kbd> <var>x</var> <mark>m</mark> <q>q</q> <cite>c</cite> a<wbr>b')).toBe(
      '<kbd>Ctrl</kbd> <var>x</var> <mark>m</mark> <q>q</q> <cite>c</cite> a<wbr>b',
    );
  });

  it('keeps the text of other tags and reports each tag once', () => {
    const r = convertWikitext('<span style="color:red">red</span> <span>again</span> <div>block</div>');
    expect(r.markup).toBe('red again block');
    expect(r.unconverted).toEqual(['<span> tag dropped (text kept)', '<div> tag dropped (text kept)']);
  });

  it('drops the unmatched half of an extension tag, reported', () => {
    const r = convertWikitext('Claim.<ref>never closed. </nowiki>Next');
    expect(r.markup).toBe('Claim.never closed. Next');
    expect(r.unconverted).toEqual(['unmatched <ref> tag dropped', 'unmatched <nowiki> tag dropped']);
  });

  it('escapes a < that is no HTML MediaWiki knows', () => {
    expect(md('a <foo> b, 3 < 4')).toBe('a \\<foo> b, 3 < 4');
  });

  it('escapes what <nowiki> protected', () => {
    expect(md("<nowiki>[[not a link]] ''x'' *y* _z_ #1 <b> \\ `c`</nowiki>")).toBe(
      "\\[\\[not a link\\]\\] ''x'' \\*y\\* \\_z\\_ \\#1 \\<b\\> \\\\ \\`c\\`",
    );
    expect(md("a<nowiki/>'''b'''")).toBe('a**b**');
  });

  it('turns <pre> and lines starting with a space into fenced code', () => {
    expect(md('Titles:\n<pre>\nThe Shoemaker &amp; the Hatter\n  (1949)\n</pre>\nAfter')).toBe(
      'Titles:\n\n```\nThe Shoemaker & the Hatter\n  (1949)\n```\n\nAfter',
    );
    expect(md("Code:\n let x = '''1''';\n  y\nText")).toBe("Code:\n\n```\nlet x = '''1''';\n y\n```\n\nText");
    expect(md('<syntaxhighlight lang="python">\nprint("```")\n</syntaxhighlight>')).toBe('````python\nprint("```")\n````');
  });

  it('keeps <code>, and <math> as code, reported', () => {
    expect(md("Use <code>'''x'''</code>.")).toBe('Use <code>**x**</code>.');
    const r = convertWikitext('Energy: <math>E = mc^2</math>.');
    expect(r.markup).toBe('Energy: `E = mc^2`.');
    expect(r.unconverted).toEqual(['<math> kept as code']);
  });

  it('drops <gallery> and its kin, reported', () => {
    const r = convertWikitext('Stills:\n<gallery>\nFile:A.jpg|One\n</gallery>');
    expect(r.markup).toBe('Stills:');
    expect(r.unconverted).toEqual(['<gallery> dropped']);
  });
});

describe('convertWikitext: templates and magic words', () => {
  it('drops templates, nested and over several lines, reporting each by name', () => {
    const r = convertWikitext('{{Infobox film\n| name = Nanook\n| released = {{Film date|1922|6|11}}\n}}\nNanook{{citation needed|date=May 2021}} is a film.{{sfn|Barnouw|1993|p=33}}');
    expect(r.markup).toBe('Nanook is a film.');
    expect(r.unconverted).toEqual(['template {{Infobox film}} dropped', 'template {{Citation needed}} dropped', 'template {{Sfn}} dropped']);
  });

  it('drops parser functions and magic words, reported', () => {
    const r = convertWikitext('__NOTOC__\n{{#if: {{{1|}}} | yes | no }}Text __TOC__ here.\n{{DEFAULTSORT:Nanook}}');
    expect(r.markup).toBe('Text here.');
    expect(r.unconverted).toEqual(['parser function {{#if}} dropped', 'magic word {{DEFAULTSORT}} dropped', 'magic word __NOTOC__ dropped', 'magic word __TOC__ dropped']);
  });

  it('reads {{!}} as a bar and leaves unknown __WORDS__ and unmatched braces as text', () => {
    expect(md('a {{!}} b __KINORA__ {{ open')).toBe('a | b __KINORA__ {{ open');
  });

  it('does not see templates inside <nowiki> or comments', () => {
    const r = convertWikitext('<nowiki>{{Infobox}}</nowiki><!-- {{Other}} -->');
    expect(r.markup).toBe('{{Infobox}}');
    expect(r.unconverted).toEqual([]);
  });
});

describe('convertWikitext: redirects', () => {
  it.each([
    ['#REDIRECT [[Nanook of the North]]'],
    ['#redirect[[Nanook of the North]]'],
    ['  #Redirect : [[Nanook of the North|Nanook]]\n\n{{R from short name}}\n[[Category:Redirects]]'],
  ])('%j becomes exactly #REDIRECT [[Target]]', (text) => {
    expect(convertWikitext(text)).toEqual({ markup: '#REDIRECT [[Nanook of the North]]', unconverted: [], sources: [] });
  });

  it('keeps a section in the target, and text that only mentions a redirect', () => {
    expect(md('#REDIRECT [[Nanook of the North#Production]]')).toBe('#REDIRECT [[Nanook of the North#Production]]');
    expect(md('# redirect the reader')).toBe('1. redirect the reader');
  });
});
