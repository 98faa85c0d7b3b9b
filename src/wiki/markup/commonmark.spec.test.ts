import spec from 'commonmark-spec';
import { describe, expect, it } from 'vitest';
import { createCiter } from '../cite/citer.ts';
import { createWikiMarkdown } from './article.parse.ts';
import { newEnv } from './wiki.env.ts';

/**
 * The CommonMark spec's 652 examples through the wiki's own parser and renderer rules. What the
 * wiki adds on purpose is normalised away (heading anchors, the table of contents, the class and
 * rel of external links) and raw HTML is passed through as the spec expects (articles filter it,
 * which raw-html.test.ts checks). Every example passes but those listed here, each with its reason.
 */
const DEVIATIONS: Readonly<Record<number, string>> = {
  218: 'markdown-it prints an empty blockquote as <blockquote></blockquote>, without the newline inside (markdown-it 14 itself)',
  239: 'the same empty blockquote (markdown-it 14 itself)',
  240: 'the same empty blockquote (markdown-it 14 itself)',
  548: '[[foo]] is a wiki link, before any reference link',
  559: '[[*foo* bar]] is a wiki link, before any reference link',
  590: '![[foo]] holds a wiki link, before any reference link',
  // Images: one alone in its paragraph becomes a figure with its text as caption (Pandoc's rule),
  // and an image from another host, or from a relative path, becomes a link: a page must not make
  // readers' browsers fetch from elsewhere.
  ...Object.fromEntries([517, 520, 531, 572, 573, 574, 575, 576, 577, 578, 580, 581, 582, 583, 584, 585, 586, 588, 589, 591].map((n) => [n, 'images: figures, and no image from other hosts'])),
  // Links: only http(s), mailto, paths and anchors are links; other schemes stay text.
  596: 'irc: is not a scheme articles link to', 598: 'a+b+c: is not a scheme articles link to', 599: 'made-up-scheme: is not a scheme articles link to', 601: 'localhost: is not a scheme articles link to',
  // GFM's autolink extension: bare web addresses and mail addresses become links.
  602: 'GFM autolinks: the bare address inside becomes a link', 608: 'GFM autolinks: the bare address inside becomes a link', 611: 'GFM autolinks: a bare address is a link', 612: 'GFM autolinks: a bare mail address is a link',
};

const md = createWikiMarkdown();
md.renderer.rules.html_inline = (t, i) => t[i]!.content;
md.renderer.rules.html_block = (t, i) => t[i]!.content;
const citer = createCiter();

function render(markdown: string): string {
  const env = newEnv();
  const tokens = md.parse(markdown, env);
  env.ctx = { ctx: { self: null, pageState: () => 'article', sources: new Map(), navboxes: new Map(), citer }, cites: citer.format([], []) };
  return md.renderer.render(tokens, md.options, env)
    .replace(/<(h[1-6]) id="[^"]*">/g, '<$1>')
    .replace(/<nav class="toc"[\s\S]*?<\/nav>\n/, '')
    .replace(/ class="external" rel="nofollow ugc noopener"/g, '')
    .replace(/ loading="lazy">/g, ' />');
}
// The spec writes tabs as →.
const tabs = (s: string) => s.replace(/→/g, '\t');

describe('the CommonMark spec (commonmark-spec 0.31.2)', () => {
  const tests = (spec as unknown as { tests: { number: number; section: string; markdown: string; html: string }[] }).tests;

  it('has its 652 examples', () => {
    expect(tests).toHaveLength(652);
  });

  it.each(tests.filter((t) => !(t.number in DEVIATIONS)).map((t) => [t.number, t.section, t] as const))('example %i (%s)', (_n, _s, t) => {
    expect(render(tabs(t.markdown))).toBe(tabs(t.html));
  });

  it('differs from the spec exactly where the list says, so the list stays true', () => {
    const differing = tests.filter((t) => render(tabs(t.markdown)) !== tabs(t.html)).map((t) => t.number);
    expect(differing).toEqual(Object.keys(DEVIATIONS).map(Number).sort((a, b) => a - b));
  });
});
