/**
 * The markup guide's examples (`/wiki/Special:Markup`): what to type, and beside it what the wiki
 * makes of it, rendered by the wiki itself so the guide cannot drift from the renderer.
 * `@KEY` stands for a source of this archive's registry, when it has one.
 */
export interface GuideExample {
  readonly title: string;
  readonly about: string;
  readonly markup: string;
  /** Shown as text only: what it does happens elsewhere (a category list, a redirect, the infobox's fields). */
  readonly textOnly?: boolean;
}

export const MARKUP_GUIDE: readonly GuideExample[] = Object.freeze([
  { title: 'Emphasis', about: 'CommonMark, with GFM strikethrough.', markup: 'The film was *staged* in parts, **not** shot as it happened; ~~1921~~ 1922.' },
  {
    title: 'Links between pages',
    about: 'A link to a page nobody has written yet is red and leads to its edit form. Letters after the brackets join the link; a section after #.',
    markup: '[[Dust Bowl]], [[Dust Bowl|the drought]], [[Dust Bowl#In film]], [[documentary film]]s.',
  },
  { title: 'Headings', about: 'Anchors as MediaWiki makes them; four headings or more give the page a table of contents.', markup: '## Production\n\n### The expedition', textOnly: true },
  {
    title: 'Citations',
    about: "Pandoc's syntax: the source's key, a locator (p., pp., ch., at 00:12:30 for a film), several sources with ;. Each source gets a number at its first citation and keeps it; the bibliography is written at the foot in the archive's citation style.",
    markup: 'The storms began in 1931.[@KEY, p. 12] They were filmed in 1936.[see @KEY, pp. 4-7]',
  },
  { title: 'Notes', about: 'Plain footnotes are lettered, apart from the numbered citations.', markup: 'The company paid for the trip.[^fur]\n\n[^fur]: It traded furs in the region.' },
  { title: 'Lists and tables', about: 'CommonMark lists and GFM tables.', markup: '- the plough\n- the wheat\n\n| Year | Film |\n| --- | --- |\n| 1936 | The Plow That Broke the Plains |' },
  { title: 'Images', about: "An image alone in its paragraph becomes a figure; its alt text is the caption. Images come from this archive only (a path starting with /).", markup: '![The dam at Norris, 1936](/files/12/norris.jpg)', textOnly: true },
  { title: 'Categories', about: 'Anywhere in the text; the category page lists its members.', markup: '[[Category:New Deal]]', textOnly: true },
  { title: 'Redirects', about: 'A page whose text starts so sends readers on, saying where they came from.', markup: '#REDIRECT [[Dust Bowl]]', textOnly: true },
  { title: 'Navigation boxes', about: 'The page Navbox:New Deal documentaries, shown in full where it is named.', markup: '{{Navbox:New Deal documentaries}}', textOnly: true },
  {
    title: 'Infobox',
    about: 'YAML front matter at the very top; kind is event, person, treaty, place, organisation or topic, each with its own fields. films lists the archive\'s films on the subject, with times.',
    markup: '---\nkind: event\ndate: 1931\nend: 1939\nplace: "[[Great Plains]]"\nfilms:\n  - film: the-plow-that-broke-the-plains\n    at: "00:03:10"\n---\nThe **Dust Bowl** was a period of severe dust storms.',
  },
]);
