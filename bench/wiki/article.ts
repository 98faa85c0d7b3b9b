/** The benchmark's article: `sources` cited as numbered footnotes (each once), `links` wiki links, sections between. */
export function benchArticle({ sources, links, paragraphs }: { sources: number; links: number; paragraphs: number }): string {
  const out: string[] = ['---', 'kind: event', 'date: 1936-05-28', 'place: "[[Great Plains]]"', '---', ''];
  let s = 0;
  let l = 0;
  for (let p = 0; p < paragraphs; p++) {
    if (p % 6 === 0) out.push(`## Section ${p / 6 + 1}`, '');
    const cite = s < sources || sources === 0 ? `[@source${(s++ % Math.max(sources, 1)) + 1}, p. ${p + 3}]` : '';
    const link = `[[Linked page ${(l++ % Math.max(links, 1)) + 1}]]`;
    out.push(`The drought of the 1930s turned the southern plains to dust, and ${link} records how the government answered with films, maps and programmes of soil conservation.${cite} Farmers left by the thousand; *the roads west* filled.`, '');
  }
  out.push('## See also', '', '- [[Linked page 1]]', '', '[[Category:Droughts]]', '');
  return out.join('\n');
}

export const benchSource = (i: number) => ({
  key: `source${i}`, type: 'book', title: `A History of the Plains, Volume ${i}`, author: [{ family: `Author${i}`, given: 'Ann' }],
  issued: { 'date-parts': [[1950 + (i % 60)]] }, publisher: 'University Press', 'publisher-place': 'Lincoln',
});
