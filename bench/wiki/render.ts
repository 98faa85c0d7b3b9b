/**
 * Rendering a 200 kB article from its markup: parse, citations through citeproc, sanitising.
 * Pure (no database): the sources and page states are given in memory. Prints the median of 15.
 *   npx tsx bench/wiki/render.ts
 */
import { createCiter } from '../../src/wiki/cite/citer.ts';
import { createWikiMarkdown, parseArticle } from '../../src/wiki/markup/article.parse.ts';
import { renderArticle } from '../../src/wiki/markup/article.render.ts';
import { benchArticle, benchSource } from './article.ts';

const md = createWikiMarkdown();
const citer = createCiter();
let paragraphs = 50;
while (Buffer.byteLength(benchArticle({ sources: 200, links: 100, paragraphs })) < 200_000) paragraphs += 10;
const markup = benchArticle({ sources: 200, links: 100, paragraphs });
const sources = new Map(Array.from({ length: 200 }, (_, i) => {
  const { key, ...item } = benchSource(i + 1);
  return [key, { key, csl: { id: key, ...item }, unreliable: null, problems: [] }] as const;
}));
const ctx = { self: 'Benchmark article', pageState: (t: string) => (Number(t.replace(/\D/g, '')) % 2 ? 'article' as const : 'missing' as const), sources, navboxes: new Map(), citer };
const times: number[] = [];
let size = 0;
for (let i = 0; i < 18; i++) {
  const t0 = performance.now();
  const out = renderArticle(md, parseArticle(md, markup), ctx);
  const t = performance.now() - t0;
  size = out.html.length;
  if (i >= 3) times.push(t);
}
times.sort((a, b) => a - b);
console.log(`render ${(Buffer.byteLength(markup) / 1000).toFixed(0)} kB markup (${paragraphs} paragraphs, 200 sources, ${size} chars of HTML): median ${times[Math.floor(times.length / 2)]!.toFixed(1)} ms, min ${times[0]!.toFixed(1)} ms, max ${times.at(-1)!.toFixed(1)} ms (15 runs after 3 warm-up)`);
