import type { CslItem } from './csl.types.ts';
import { renderBlocks } from './wikitext.blocks.ts';
import { citationMarkup, citationText, createSourceList, readCitation, type Citation, type PlainRenderer } from './wikitext.cite.ts';
import { PRIVATE_CHARS, type ConvertContext } from './wikitext.context.ts';
import { renderInline } from './wikitext.inline.ts';
import { preprocess } from './wikitext.preprocess.ts';
import { createNotes } from './wikitext.refs.ts';
import { foldLines } from './wikitext.text.ts';

/** A page's wikitext as Kinora markup, with what could not be carried over and the sources it cites. */
export interface WikitextConversion {
  readonly markup: string;
  /** One human-readable line per kind of thing dropped or kept as text, in order of first sight. */
  readonly unconverted: readonly string[];
  readonly sources: readonly CslItem[];
}

/**
 * Converts MediaWiki wikitext to Kinora's article markup (CommonMark with `[[wiki links]]`,
 * footnotes and `[@key]` citations). Pure, total and linear: any text converts, nothing throws.
 */
export function convertWikitext(text: string): WikitextConversion {
  const clean = text.replace(/\r\n?/g, '\n').replace(PRIVATE_CHARS, '').replace(/\0/g, '');
  const target = readRedirect(clean);
  if (target !== undefined) return { markup: `#REDIRECT [[${target}]]`, unconverted: [], sources: [] };

  const reported = new Set<string>();
  const report = (line: string) => { reported.add(line); };
  const sources = createSourceList();
  const ctx: ConvertContext = {
    report,
    // `notes` is created below; refs are only rendered once it exists.
    ref: (piece) => notes.use(piece),
    citeText: (piece) => {
      const citation = readCitation(piece, plain, report);
      if (isEmptyCitation(citation)) {
        report(EMPTY_CITATION);
        return '';
      }
      sources.add(citation.item);
      return citationText(citation);
    },
  };
  const plain: PlainRenderer = (value, fragment) => renderInline(foldLines(value), fragment, ctx, { plain: true, inCite: true }).trim();

  const fragment = preprocess(clean, report);
  const notes = createNotes({
    fragment,
    report,
    content: (note) => renderInline(foldLines(note.body), note, ctx, { inRef: true }).trim(),
    citation: (cites) => {
      const keys = cites.flatMap((piece) => {
        const citation = readCitation(piece, plain, report);
        if (isEmptyCitation(citation)) {
          report(EMPTY_CITATION);
          return [];
        }
        const id = sources.add(citation.item);
        return [citation.locator === undefined ? { id } : { id, locator: citation.locator }];
      });
      return keys.length === 0 ? '' : citationMarkup(keys);
    },
  });
  const blocks = renderBlocks({ fragment, inline: (line) => renderInline(line, fragment, ctx).trim(), report });
  const definitions = notes.definitions();
  if (definitions.length > 0) blocks.push(definitions.join('\n'));
  return { markup: blocks.join('\n\n'), unconverted: [...reported], sources: sources.items() };
}

const EMPTY_CITATION = 'citation with no title, author, work or URL dropped';

/** A citation naming neither title, author, work nor URL identifies nothing: it is dropped, reported. */
function isEmptyCitation({ item }: Citation): boolean {
  return item.title === undefined && item.author === undefined && item['container-title'] === undefined && item.URL === undefined;
}

/** `#REDIRECT [[Target]]` in any case, with or without a space or colon before the link. */
function readRedirect(text: string): string | undefined {
  let i = 0;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  if (text.slice(i, i + 9).toLowerCase() !== '#redirect') return undefined;
  i += 9;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  if (text[i] === ':') i++;
  while (i < text.length && /\s/.test(text[i]!)) i++;
  if (!text.startsWith('[[', i)) return undefined;
  const end = text.indexOf(']]', i + 2);
  if (end < 0) return undefined;
  const inner = text.slice(i + 2, end);
  const bar = inner.indexOf('|');
  const target = (bar < 0 ? inner : inner.slice(0, bar)).trim();
  return target === '' || /[\n[\]{}<>]/.test(target) ? undefined : target;
}
