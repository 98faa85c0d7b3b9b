import CSL from 'citeproc';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../errors.ts';
import { mulberry32 } from '../../prng.ts';
import { createCiter, loadStyle } from '../cite/citer.ts';
import { createWikiMarkdown, parseArticle } from './article.parse.ts';
import { type RenderContext, type SourceView, renderArticle } from './article.render.ts';
import { parseCitation } from './citation.parse.ts';

const md = createWikiMarkdown();
const citer = createCiter();
const BARNOUW = { id: 'barnouw1993', type: 'book', title: 'Documentary: A History of the Non-Fiction Film', author: [{ family: 'Barnouw', given: 'Erik' }], issued: { 'date-parts': [[1993]] }, publisher: 'Oxford University Press', 'publisher-place': 'New York' };
const WINSTON = { id: 'winston1995', type: 'book', title: 'Claiming the Real', author: [{ family: 'Winston', given: 'Brian' }], issued: { 'date-parts': [[1995]] }, publisher: 'British Film Institute', 'publisher-place': 'London' };
const view = (csl: { id: string }, unreliable: string | null = null): SourceView => ({ key: csl.id, csl, unreliable, problems: [] });
const ctx = (o: Partial<RenderContext> = {}): RenderContext => ({
  self: 'Here', pageState: (t) => (t === 'Exists' ? 'article' : t === 'Moved' ? 'redirect' : 'missing'),
  sources: new Map([['barnouw1993', view(BARNOUW)], ['winston1995', view(WINSTON)]]), navboxes: new Map(), citer, ...o,
});
const html = (markup: string, o?: Partial<RenderContext>) => renderArticle(md, parseArticle(md, markup), ctx(o)).html;

describe('wiki links', () => {
  it('links existing pages, marks redirects, and shows missing ones as red links inviting creation', () => {
    expect(html('[[Exists]] [[Moved|moved page]] [[Missing]] [[Here]]')).toBe(
      '<p><a href="/wiki/Exists" title="Exists">Exists</a> <a href="/wiki/Moved" class="mw-redirect" title="Moved">moved page</a> '
      + '<a href="/wiki/Missing?action=edit&amp;redlink=1" class="new" title="Missing (page does not exist)">Missing</a> <strong class="selflink">Here</strong></p>\n');
  });

  it('takes sections, link trails, the pipe trick and category links', () => {
    expect(html('[[Exists#Early years|early]] [[#Notes]] [[exists]]s [[Exists (film)|]] [[:Category:Droughts]]')).toBe(
      '<p><a href="/wiki/Exists#Early_years" title="Exists">early</a> <a href="#Notes">#Notes</a> <a href="/wiki/Exists" title="Exists">existss</a> '
      + '<a href="/wiki/Exists_(film)?action=edit&amp;redlink=1" class="new" title="Exists (film) (page does not exist)">Exists</a> '
      + '<a href="/wiki/Category:Droughts?action=edit&amp;redlink=1" class="new" title="Category:Droughts (page does not exist)">Category:Droughts</a></p>\n');
  });

  it('collects links and categories once each, categories out of the text', () => {
    const p = parseArticle(md, 'A [[b]] and [[B]] [[Category:Films|sort]] [[category:films]]');
    expect(p.links).toEqual(['B']);
    expect(p.categories).toEqual(['Films']);
    expect(renderArticle(md, p, ctx()).html).not.toContain('Films');
  });

  it('leaves what cannot be a title as text', () => {
    expect(html('[[a|b|c]] [[x{y}]] [[]] [[%41]]')).toBe('<p><a href="/wiki/A?action=edit&amp;redlink=1" class="new" title="A (page does not exist)">b|c</a> [[x{y}]] [[]] [[%41]]</p>\n');
  });
});

describe('citations', () => {
  it('parses Pandoc\'s syntax: prefixes, locators with labels, several keys', () => {
    expect(parseCitation('see @barnouw1993, pp. 4-7; -@winston1995, ch. 3, emphasis added')).toEqual([
      { key: 'barnouw1993', prefix: 'see', label: 'page', locator: '4–7', suffix: '', suppressAuthor: false },
      { key: 'winston1995', prefix: '', label: 'chapter', locator: '3', suffix: 'emphasis added', suppressAuthor: true },
    ]);
    expect(parseCitation('@nanook1922, at 00:12:30')).toEqual([{ key: 'nanook1922', prefix: '', label: 'timestamp', locator: '00:12:30', suffix: '', suppressAuthor: false }]);
    expect(parseCitation('@key, 139')![0]).toMatchObject({ label: 'page', locator: '139' });
    expect(parseCitation('mail me at a@b.org')).toBeNull();
    expect(parseCitation('@a; no key here')).toBeNull();
  });

  it('numbers sources by first citation, reuses the number, and shows a|b back-links', () => {
    const out = html('One.[@barnouw1993, p. 139] Two.[@winston1995; @barnouw1993, pp. 4-7]');
    expect(out).toContain('<sup class="reference" id="cite_ref-1-1"><a href="#cite_note-1">[1]</a></sup><sup class="rp">: p. 139</sup>');
    expect(out).toContain('<sup class="reference" id="cite_ref-2-1"><a href="#cite_note-2">[2]</a></sup><sup class="reference" id="cite_ref-1-2"><a href="#cite_note-1">[1]</a></sup><sup class="rp">: pp. 4–7</sup>');
    expect(out).toContain('<li id="cite_note-1"><span class="backlinks">^ <a href="#cite_ref-1-1" aria-label="Back to citation a"><sup><i>a</i></sup></a> <a href="#cite_ref-1-2" aria-label="Back to citation b"><sup><i>b</i></sup></a></span>');
    expect(out).toContain('<li id="cite_note-2"><span class="backlinks"><a href="#cite_ref-2-1" aria-label="Back to the citation">^</a></span>');
  });

  it('renders the bibliography exactly as citeproc-js does for the same CSL-JSON items', () => {
    const sys = { retrieveLocale: () => readFileSync(new URL('../cite/styles/locales-en-US.xml', import.meta.url), 'utf8'), retrieveItem: (id: string) => ({ barnouw1993: BARNOUW, winston1995: WINSTON })[id] };
    const engine = new CSL.Engine(sys, loadStyle('chicago-author-date'), 'en-US', true);
    engine.setOutputFormat('html');
    engine.updateItems(['barnouw1993', 'winston1995']);
    const [, entries] = engine.makeBibliography() as [unknown, string[]];
    const out = html('A.[@winston1995] B.[@barnouw1993]');
    for (const e of entries) expect(out).toContain(e.trim().replace(/^<div class="csl-entry">(.*)<\/div>$/s, '$1'));
    // Sorted as the style sorts (Barnouw before Winston), though Winston is cited first.
    expect(out.indexOf('Barnouw, Erik. 1993.')).toBeLessThan(out.indexOf('Winston, Brian. 1995.'));
    // The note's short form is citeproc's citation without its parentheses.
    expect(out).toContain(`<a href="#source-barnouw1993">${engine.makeCitationCluster([{ id: 'barnouw1993' }]).replace(/^\((.*)\)$/, '$1')}</a>`);
  });

  it('writes citations inside plain footnotes in the text\'s style, and letters the footnotes', () => {
    const out = html('Claim.[^n]\n\n[^n]: As argued in [@barnouw1993, p. 12].');
    expect(out).toContain('<sup class="footnote-ref" id="fnref-1-1"><a href="#fn-1">[a]</a></sup>');
    expect(out).toContain('<span class="citation">(Barnouw 1993, 12)</span>');
    expect(out).toContain('<h2 id="Notes">Notes</h2><ol class="notes" type="a">');
    expect(out).toContain('<h2 id="Bibliography">Bibliography</h2>');
  });

  it('shows unknown keys and unreliable sources, and reports them as problems', () => {
    const p = parseArticle(md, 'A.[@nobody2000] B.[@barnouw1993]');
    const r = renderArticle(md, p, ctx({ sources: new Map([['barnouw1993', view(BARNOUW, 'misdated')]]) }));
    expect(r.html).toContain('Citation error: no source has the key “nobody2000”.');
    expect(r.html).toContain('Marked unreliable by a moderator: misdated');
    expect(r.problems.map((x) => x.code)).toEqual(['unknown_source', 'unreliable_source']);
  });

  it('renders the same bibliography in another style when configured', () => {
    const apa = createCiter(loadStyle('apa'));
    const out = renderArticle(md, parseArticle(md, 'A.[@barnouw1993]'), ctx({ citer: apa })).html;
    expect(out).toContain('Barnouw, E. (1993).');
  });
});

describe('sections, figures, front matter', () => {
  it('anchors headings MediaWiki\'s way, and puts a table of contents before the first of four or more', () => {
    const out = html('Lead.\n\n## Early years\n\n## Early years\n\n### Detail\n\n## See also\n');
    expect(out).toContain('<h2 id="Early_years">Early years</h2>');
    expect(out).toContain('<h2 id="Early_years_2">Early years</h2>');
    expect(out.indexOf('<nav class="toc"')).toBeLessThan(out.indexOf('<h2'));
    expect(out).toContain('<li><a href="#Early_years_2">Early years</a><ol><li><a href="#Detail">Detail</a></li></ol></li>');
    expect(html('## One\n\n## Two\n')).not.toContain('toc');
  });

  it('puts notes, references and the bibliography before External links, or under the article\'s own heading', () => {
    const out = html('A.[@barnouw1993]\n\n## See also\n\n- [[Exists]]\n\n## External links\n\n- <https://example.org>\n');
    const at = (s: string) => out.indexOf(s);
    expect(at('id="See_also"')).toBeLessThan(at('id="References"'));
    expect(at('id="References"')).toBeLessThan(at('id="Bibliography"'));
    expect(at('id="Bibliography"')).toBeLessThan(at('id="External_links"'));
    const own = html('A.[@barnouw1993]\n\n## References\n\n## External links\n');
    expect(own.match(/id="References"/g)).toHaveLength(1);
  });

  it('makes an image alone in its paragraph a figure with a caption, and never loads images from other hosts', () => {
    expect(html('![The *Nanook* crew](/files/3/still.jpg)')).toBe('<figure class="thumb"><img src="/files/3/still.jpg" alt="The Nanook crew" loading="lazy" /><figcaption>The <em>Nanook</em> crew</figcaption></figure>\n');
    expect(html('Text ![x](https://elsewhere.example/x.png)')).toBe('<p>Text <a href="https://elsewhere.example/x.png" class="external" rel="nofollow ugc noopener">[image: x]</a></p>\n');
  });

  it('builds the infobox of a kind from typed front matter, links included', () => {
    const out = html('---\nkind: treaty\nsigned: 1919-06-28\nparties: ["[[Exists]]", Germany]\n---\nText.');
    expect(out).toContain('<table class="infobox infobox-treaty"><caption>Treaty</caption><tbody><tr><th scope="row">Signed</th><td>28 June 1919</td></tr><tr><th scope="row">Parties</th><td><a href="/wiki/Exists" title="Exists">Exists</a><br />Germany</td></tr></tbody></table>');
  });

  it('refuses front matter of the wrong type, naming the field', () => {
    for (const [fm, path] of [['kind: person\nborn: [1900]', 'front_matter.born'], ['kind: planet', 'front_matter.kind'], ['kind: place\ncoordinates: [91, 0]', 'front_matter.coordinates[0]'], ['kind: event\nextra: 1', 'front_matter.extra'], ['a: &x [1]\nb: *x', 'front_matter']] as const) {
      try {
        parseArticle(md, `---\n${fm}\n---\nText`);
        expect.unreachable(fm);
      } catch (e) {
        expect(isAppError(e) && e.code === 'invalid_front_matter' && e.details.some((d) => d.path === path)).toBe(true);
      }
    }
  });

  it('reads a redirect and what follows it', () => {
    const p = parseArticle(md, '#REDIRECT [[dust bowl#History]]\n[[Category:Redirects]]');
    expect(p.redirect?.text).toBe('Dust bowl');
    expect(p.categories).toEqual(['Redirects']);
  });

  it('includes navigation boxes by name, and says when one is missing', () => {
    expect(html('{{Navbox:Peace treaties}}', { navboxes: new Map([['Navbox:Peace treaties', '<ul><li>x</li></ul>']]) })).toBe('<nav class="navbox" aria-label="Peace treaties"><p class="navbox-title"><a href="/wiki/Navbox:Peace_treaties">Peace treaties</a></p><ul><li>x</li></ul></nav>\n');
    expect(html('{{Navbox:Nothing}}')).toContain('Navigation box <a class="new" href="/wiki/Navbox:Nothing?action=edit&amp;redlink=1">Nothing</a> does not exist yet.');
  });
});

describe('hostile text', () => {
  it('shows raw HTML outside a few inline elements as text, and drops their attributes', () => {
    expect(html('<script>alert(1)</script>\n\nA <sup onclick="x()">2</sup> <abbr title="Tennessee Valley Authority" onmouseover=y>TVA</abbr> <img src=x onerror=alert(1)>'))
      .toBe('&lt;script&gt;alert(1)&lt;/script&gt;\n<p>A <sup>2</sup> <abbr title="Tennessee Valley Authority">TVA</abbr> &lt;img src=x onerror=alert(1)&gt;</p>\n');
    expect(html('[x](javascript:alert(1)) [y](data:text/html,x) [[javascript:alert(1)]]')).not.toMatch(/href="(javascript|data):/);
  });

  it('parses any text without throwing, in time, whatever it holds (seeded fuzz)', () => {
    const rand = mulberry32(6);
    const pieces = ['[[', ']]', '[@', '[^', ']', '@k', ';', '|', '#', '\n', '\n\n', '## ', '![', '](', ')', '{{Navbox:', '}}', '---\n', 'kind: event\n', '<sup>', '</sup>', '`', '*', '_', '> ', '- ', '1. ', '| a |\n|---|\n', 'text ', '[^n]: ', '#REDIRECT ', ':', 'Category:'];
    const started = Date.now();
    for (let i = 0; i < 2000; i++) {
      let s = '';
      const n = 1 + Math.floor(rand() * 40);
      for (let j = 0; j < n; j++) s += pieces[Math.floor(rand() * pieces.length)];
      try {
        renderArticle(md, parseArticle(md, s), ctx());
      } catch (e) {
        if (!isAppError(e) || e.code !== 'invalid_front_matter') throw new Error(`${JSON.stringify(s)}: ${String(e)}`);
      }
    }
    expect(Date.now() - started).toBeLessThan(20_000);
  });

  it('takes linear time on runs of brackets', () => {
    const started = Date.now();
    html(`${'[['.repeat(50_000)} ${'[@'.repeat(50_000)} ${'[^'.repeat(20_000)}`);
    expect(Date.now() - started).toBeLessThan(3000);
  });
});
