/**
 * Rendering a 200 kB article from its markup: parse, citations through citeproc, sanitising.
 * Pure (no database): the sources and page states are given in memory. Prints the median of 15,
 * and how it splits: markdown-it's parse (with the wiki's plugins), citeproc-js (notes and
 * bibliography), and the rest (markdown-it's rendering, then sanitize-html).
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
// The citer timed as it runs: its share of each render.
let citeMs = 0;
const timedCiter: typeof citer = { ...citer, format: (...a) => { const t = performance.now(); try { return citer.format(...a); } finally { citeMs += performance.now() - t; } } };
const ctx = { self: 'Benchmark article', pageState: (t: string) => (Number(t.replace(/\D/g, '')) % 2 ? 'article' as const : 'missing' as const), sources, navboxes: new Map(), citer: timedCiter };
const runs: { total: number; parse: number; cite: number }[] = [];
let size = 0;
for (let i = 0; i < 18; i++) {
  citeMs = 0;
  const t0 = performance.now();
  const parsed = parseArticle(md, markup);
  const t1 = performance.now();
  const out = renderArticle(md, parsed, ctx);
  const t2 = performance.now();
  size = out.html.length;
  if (i >= 3) runs.push({ total: t2 - t0, parse: t1 - t0, cite: citeMs });
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const totals = runs.map((r) => r.total).sort((a, b) => a - b);
const [parse, cite, rest] = [median(runs.map((r) => r.parse)), median(runs.map((r) => r.cite)), median(runs.map((r) => r.total - r.parse - r.cite))];
console.log(`render ${(Buffer.byteLength(markup) / 1000).toFixed(0)} kB markup (${paragraphs} paragraphs, 200 sources, ${size} chars of HTML): median ${median(totals).toFixed(1)} ms, min ${totals[0]!.toFixed(1)} ms, max ${totals.at(-1)!.toFixed(1)} ms (15 runs after 3 warm-up)`);
console.log(`  medians of each part: parse (markdown-it + wiki plugins) ${parse.toFixed(1)} ms, citeproc-js ${cite.toFixed(1)} ms, markdown-it rendering + sanitize-html ${rest.toFixed(1)} ms`);
