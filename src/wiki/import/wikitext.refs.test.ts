import { describe, expect, it } from 'vitest';
import { convertWikitext } from './wikitext.convert.ts';

const BARNOUW = '{{cite book|last=Barnouw|first=Erik|title=Documentary|year=1993|publisher=Oxford University Press|location=New York|isbn=978-0-19-507898-5|page=139}}';

describe('convertWikitext: references', () => {
  it('numbers footnotes in order of first use and collects them at the end', () => {
    const r = convertWikitext("Nanook.<ref>Flaherty's own account.</ref> Nyla.<ref>A '''second''' note\nover two lines.</ref>\n\n== Later ==\nMore.");
    expect(r.markup).toBe(
      "Nanook.[^1] Nyla.[^2]\n\n## Later\n\nMore.\n\n[^1]: Flaherty's own account.\n[^2]: A **second** note over two lines.",
    );
    expect(r.unconverted).toEqual([]);
  });

  it('converts the text inside a ref by the same rules', () => {
    expect(convertWikitext('A.<ref>See [[Robert J. Flaherty]] and [https://example.org the archive].</ref>').markup).toBe(
      'A.[^1]\n\n[^1]: See [[Robert J. Flaherty]] and [the archive](https://example.org).',
    );
  });

  it('reuses a named ref by a slug of its name, quoted or not', () => {
    const r = convertWikitext('One.<ref name="Rotha 1935">Rotha, Paul. Documentary Film.</ref> Two.<ref>Other.</ref> Three.<ref name="Rotha 1935" /> Four.<ref name=Grierson>On documentary.</ref> Five.<ref name=Grierson/>');
    expect(r.markup).toBe(
      'One.[^rotha-1935] Two.[^1] Three.[^rotha-1935] Four.[^grierson] Five.[^grierson]\n\n' +
        '[^rotha-1935]: Rotha, Paul. Documentary Film.\n[^1]: Other.\n[^grierson]: On documentary.',
    );
  });

  it('resolves a named ref used before its definition, and one defined in <references>', () => {
    const r = convertWikitext('Early.<ref name="x" /> Late.<ref name="x">The note.</ref> Listed.<ref name="y"/>\n<references>\n<ref name="y">Defined in the list.</ref>\n</references>');
    expect(r.markup).toBe('Early.[^x] Late.[^x] Listed.[^y]\n\n[^x]: The note.\n[^y]: Defined in the list.');
    expect(r.unconverted).toEqual([]);
  });

  it('finds a named ref defined inside a dropped infobox', () => {
    const r = convertWikitext('{{Infobox film\n| budget = $50,000<ref name="budget">Flaherty\'s accounts.</ref>\n}}\nIt cost little.<ref name="budget"/>');
    expect(r.markup).toBe("It cost little.[^budget]\n\n[^budget]: Flaherty's accounts.");
    expect(r.unconverted).toEqual(['template {{Infobox film}} dropped']);
  });

  it('gives names that would clash with numbers or each other labels of their own', () => {
    const r = convertWikitext('<ref>a</ref><ref name="1">b</ref><ref name="A b">c</ref><ref name="a-b">d</ref>');
    expect(r.markup).toBe('[^1][^note-1][^a-b][^a-b-2]\n\n[^1]: a\n[^note-1]: b\n[^a-b]: c\n[^a-b-2]: d');
  });

  it('removes <references/> and {{Reflist}} without reporting them', () => {
    const r = convertWikitext('A.<ref>n</ref>\n\n== Notes ==\n<references/>\n<references />\n{{Reflist}}\n{{reflist|30em}}');
    expect(r.markup).toBe('A.[^1]\n\n## Notes\n\n[^1]: n');
    expect(r.unconverted).toEqual([]);
  });

  it('reports ref groups, undefined names, empty and nested refs', () => {
    const r = convertWikitext('a<ref group="note">Grouped.</ref> b<ref name="missing"/> c<ref></ref> d<ref>outer <ref name="missing"/> text</ref>');
    expect(r.markup).toBe('a[^1] b c d[^2]\n\n[^1]: Grouped.\n[^2]: outer text');
    expect(r.unconverted).toEqual([
      'reference group "note" merged into the notes',
      'reference "missing" used but never defined (dropped)',
      'empty reference dropped',
      'reference inside a reference dropped',
    ]);
  });

  it('reports a name defined twice with different text, keeping the first', () => {
    const r = convertWikitext('<ref name="x">first</ref><ref name="x">second</ref>');
    expect(r.markup).toBe('[^x][^x]\n\n[^x]: first');
    expect(r.unconverted).toEqual(['reference "x" defined twice with different text (the first kept)']);
  });
});

describe('convertWikitext: citation templates', () => {
  it('turns a ref holding only {{cite book}} into a citation and returns its CSL item', () => {
    const r = convertWikitext(`The first feature documentary.<ref>${BARNOUW}</ref>`);
    expect(r.markup).toBe('The first feature documentary.[@barnouw1993, p. 139]');
    expect(r.sources).toEqual([
      {
        id: 'barnouw1993',
        type: 'book',
        title: 'Documentary',
        author: [{ family: 'Barnouw', given: 'Erik' }],
        issued: { 'date-parts': [[1993]] },
        publisher: 'Oxford University Press',
        'publisher-place': 'New York',
        ISBN: '978-0-19-507898-5',
      },
    ]);
    expect(r.unconverted).toEqual([]);
  });

  it('keeps a citation beside other text as a citation inside the footnote, which Kinora writes out', () => {
    const r = convertWikitext(`A.<ref>See ${BARNOUW}, and the reviews of 1922.</ref>`);
    expect(r.markup).toBe('A.[^1]\n\n[^1]: See [@barnouw1993, p. 139], and the reviews of 1922.');
    expect(r.sources.map((s) => s.id)).toEqual(['barnouw1993']);
  });

  it('writes a citation outside any ref as readable text where it stands', () => {
    expect(convertWikitext(`== Further reading ==\n* ${BARNOUW}`).markup).toBe(
      '## Further reading\n\n- Barnouw, Erik. *Documentary*. New York: Oxford University Press, 1993. ISBN 978-0-19-507898-5. p. 139.',
    );
  });

  it('reuses one key for one source, whatever the page, and a named ref reuses its citation', () => {
    const other = BARNOUW.replace('page=139', 'pages=27–31');
    const r = convertWikitext(`a<ref name="b">${BARNOUW}</ref> b<ref>${other}</ref> c<ref name="b"/>`);
    expect(r.markup).toBe('a[@barnouw1993, p. 139] b[@barnouw1993, pp. 27–31] c[@barnouw1993, p. 139]');
    expect(r.sources).toHaveLength(1);
  });

  it('tells apart two sources of one author and year by a, b, c', () => {
    const cite = (title: string) => `<ref>{{cite book|last=Barnouw|first=Erik|title=${title}|year=1993}}</ref>`;
    const r = convertWikitext(`${cite('One')}${cite('Two')}${cite('Three')}`);
    expect(r.markup).toBe('[@barnouw1993][@barnouw1993a][@barnouw1993b]');
  });

  it('reads cite web, cite journal, cite news and citation', () => {
    const r = convertWikitext([
      '<ref>{{cite web |title=National Film Registry |url=https://example.org/registry |website=Library of Congress |access-date=15 January 2024}}</ref>',
      '<ref>{{cite journal |last1=Grierson |first1=John |last2=Rotha |first2=Paul |title=On Documentary |journal=Cinema Quarterly |volume=1 |issue=2 |date=1932 |pages=67–72 |doi=10.0000/example}}</ref>',
      '<ref>{{Cite news |author=Jane Q. Critic |title=Nanook Returns |newspaper=The Test Times |date=June 11, 1922}}</ref>',
      '<ref>{{citation |last=Flaherty |first=Frances |title=The Odyssey of a Film-Maker |publisher=Beta Phi Mu |year=1960}}</ref>',
      '<ref>{{cite_web|title=Über Nanuk|url=https://example.org/de|last=Müller|date=2001-03-04}}</ref>',
    ].join(' '));
    expect(r.markup).toBe('[@nationalnd] [@grierson1932, pp. 67–72] [@critic1922] [@flaherty1960] [@muller2001]');
    expect(r.sources).toEqual([
      {
        id: 'nationalnd', type: 'webpage', title: 'National Film Registry', 'container-title': 'Library of Congress',
        URL: 'https://example.org/registry', accessed: { 'date-parts': [[2024, 1, 15]] },
      },
      {
        id: 'grierson1932', type: 'article-journal', title: 'On Documentary',
        author: [{ family: 'Grierson', given: 'John' }, { family: 'Rotha', given: 'Paul' }],
        issued: { 'date-parts': [[1932]] }, 'container-title': 'Cinema Quarterly', volume: '1', issue: '2', page: '67–72', DOI: '10.0000/example',
      },
      {
        id: 'critic1922', type: 'article-newspaper', title: 'Nanook Returns', author: [{ family: 'Critic', given: 'Jane Q.' }],
        issued: { 'date-parts': [[1922, 6, 11]] }, 'container-title': 'The Test Times',
      },
      {
        id: 'flaherty1960', type: 'book', title: 'The Odyssey of a Film-Maker', author: [{ family: 'Flaherty', given: 'Frances' }],
        issued: { 'date-parts': [[1960]] }, publisher: 'Beta Phi Mu',
      },
      {
        id: 'muller2001', type: 'webpage', title: 'Über Nanuk', author: [{ family: 'Müller' }], issued: { 'date-parts': [[2001, 3, 4]] },
        URL: 'https://example.org/de',
      },
    ]);
  });

  it('gives several citations in one ref one bracket', () => {
    const r = convertWikitext(`<ref>${BARNOUW}; {{cite book|last=Rotha|first=Paul|title=Documentary Film|year=1935}}.</ref>`);
    expect(r.markup).toBe('[@barnouw1993, p. 139; @rotha1935]');
  });

  it('writes the readable forms of articles and web pages', () => {
    const r = convertWikitext([
      '* {{cite journal |last=Grierson |first=John |last2=Wright |first2=Basil |title=On Documentary |journal=Cinema Quarterly |volume=1 |issue=2 |year=1932 |pages=67–72}}',
      '* {{cite news |title=Nanook Returns |newspaper=The Test Times |date=June 11, 1922}}',
      '* {{cite web |title=National Film Registry |url=https://example.org/registry |website=Library of Congress |access-date=2024-01-15}}',
    ].join('\n'));
    expect(r.markup).toBe([
      '- Grierson, John, and Basil Wright. "On Documentary." *Cinema Quarterly* 1, no. 2 (1932). pp. 67–72.',
      '- "Nanook Returns." *The Test Times*, June 11, 1922.',
      '- "National Film Registry." *Library of Congress*. <https://example.org/registry>. Accessed 2024-01-15.',
    ].join('\n'));
  });

  it('keeps only http(s) addresses and bare DOIs in CSL items', () => {
    const r = convertWikitext('<ref>{{cite journal|title=On Reels|journal=J|url=ftp://example.org/t|doi=https://doi.org/10.1000/xyz}}</ref><ref>{{cite web|title=Reels|url=//example.org/w}}</ref>');
    // Without an author or a year, the key is the title's first word of three letters or more, and `nd`.
    expect(r.sources).toEqual([
      { id: 'reelsnd', type: 'article-journal', title: 'On Reels', 'container-title': 'J', DOI: '10.1000/xyz' },
      { id: 'reelsnda', type: 'webpage', title: 'Reels', URL: 'https://example.org/w' },
    ]);
  });

  it('keeps only plain text in CSL fields and drops what cannot be cited', () => {
    const r = convertWikitext("<ref>{{cite book|last=[[Robert J. Flaherty|Flaherty]]|title=''My Eskimo Friends''<!-- 1924 -->|year=1924}}</ref><ref>{{cite web|url=https://example.org|date=2001}}</ref>");
    expect(r.markup).toBe('[@flaherty1924]');
    expect(r.sources[0]).toMatchObject({ title: 'My Eskimo Friends', author: [{ family: 'Flaherty' }] });
    expect(r.unconverted).toEqual(['citation without a title dropped']);
  });
});
