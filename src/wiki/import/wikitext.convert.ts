import type { CslItem } from './csl.types.ts';
import { renderBlocks } from './wikitext.blocks.ts';
import { citationMarkup, citationText, createSourceList, readCitation, type Citation, type PlainRenderer } from './wikitext.cite.ts';
import { PRIVATE_CHARS, type ConvertContext, type Piece } from './wikitext.context.ts';
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
 * footnotes and `[@key]` citations, see docs/wiki.md). Pure, total and linear: any text
 * converts, nothing throws.
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
    cite: (piece, inNote) => {
      const key = citeKey(piece);
      if (key === undefined) return '';
      return inNote ? citationMarkup([key]) : citationText(key.citation);
    },
  };
  /** Reads a citation template and records its source; undefined (reported) when it names no title. */
  const citeKey = (piece: Piece): { id: string; locator?: string; citation: Citation } | undefined => {
    const citation = readCitation(piece, plain, report);
    if (citation.item.title === undefined) {
      report('citation without a title dropped');
      return undefined;
    }
    const id = sources.add(citation.item);
    return citation.locator === undefined ? { id, citation } : { id, locator: citation.locator, citation };
  };
  const plain: PlainRenderer = (value, fragment) => renderInline(foldLines(value), fragment, ctx, { plain: true, inCite: true }).trim();

  const fragment = preprocess(clean, report);
  const notes = createNotes({
    fragment,
    report,
    content: (note) => renderInline(foldLines(note.body), note, ctx, { inRef: true }).trim(),
    citation: (cites) => {
      const keys = cites.flatMap((piece) => citeKey(piece) ?? []);
      return keys.length === 0 ? '' : citationMarkup(keys);
    },
  });
  const blocks = renderBlocks({ fragment, inline: (line) => renderInline(line, fragment, ctx).trim(), report });
  const definitions = notes.definitions();
  if (definitions.length > 0) blocks.push(definitions.join('\n'));
  // A first line `---` would open YAML front matter in Kinora; `***` is the same thematic break.
  const markup = blocks.join('\n\n').replace(/^---(?=[ \t]*(?:\n|$))/, '***');
  return { markup, unconverted: [...reported], sources: sources.items() };
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
