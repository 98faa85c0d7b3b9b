import { BOLD_CLOSE, BOLD_OPEN, ITALIC_CLOSE, ITALIC_OPEN } from './wikitext.context.ts';
import { EXTENSION_TAGS } from './wikitext.preprocess.ts';
import { parseAttributes } from './wikitext.text.ts';

/** The inline HTML Kinora's article markup allows (src/wiki/markup/raw-html.ts); kept, stripped of attributes. */
const KEPT = new Set(['br', 'wbr', 'sup', 'sub', 'abbr', 'small', 's', 'u', 'code', 'kbd', 'var', 'mark', 'q', 'cite']);
/** Tags with a markup or allowed-tag equivalent. */
const RENAMED: Readonly<Record<string, readonly [string, string]>> = {
  b: [BOLD_OPEN, BOLD_CLOSE], strong: [BOLD_OPEN, BOLD_CLOSE], i: [ITALIC_OPEN, ITALIC_CLOSE], em: [ITALIC_OPEN, ITALIC_CLOSE],
  del: ['<s>', '</s>'], strike: ['<s>', '</s>'], ins: ['<u>', '</u>'], tt: ['<code>', '</code>'], samp: ['<code>', '</code>'],
};
/** Transclusion controls: meaningless once the page stands alone, so removed without a word. */
const SILENT = new Set(['noinclude', 'onlyinclude', 'includeonly']);
/** HTML that MediaWiki accepts and Kinora does not: the tags go, their text stays. */
const DROPPED = new Set(['span', 'div', 'center', 'font', 'big', 'p', 'blockquote', 'dfn', 'bdi',
  'bdo', 'ruby', 'rt', 'rp', 'rb', 'rtc', 'dl', 'dt', 'dd', 'ul', 'ol', 'li', 'table', 'tr', 'td', 'th', 'caption',
  'thead', 'tbody', 'tfoot', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'section', 'article', 'aside', 'header', 'footer',
  'figure', 'figcaption', 'time', 'data', 'meta', 'link', 'img', 'a']);

/** What an HTML-looking tag becomes in Kinora markup. */
export type TagOutcome = { readonly text: string; readonly report?: string } | undefined;

/**
 * Converts one tag (`<span style="…">`, `</sup>`, `<br/>`) given its name and attribute text;
 * undefined when it is no HTML MediaWiki knows, so the caller shows it as text.
 */
export function convertTag(rawName: string, closing: boolean, attrText: string): TagOutcome {
  const name = rawName.toLowerCase();
  // Void elements: MediaWiki reads </br> as <br> too.
  if (name === 'br' || name === 'wbr') return { text: `<${name}>` };
  if (KEPT.has(name)) {
    if (closing) return { text: `</${name}>` };
    if (name === 'abbr') {
      const title = parseAttributes(attrText.slice(0, 2000))['title'];
      if (title !== undefined) return { text: `<abbr title="${escapeAttribute(title)}">` };
    }
    return { text: `<${name}>` };
  }
  const renamed = RENAMED[name];
  if (renamed !== undefined && Object.hasOwn(RENAMED, name)) return { text: closing ? renamed[1] : renamed[0] };
  if (SILENT.has(name)) return { text: '' };
  // The preprocessor lifts every matched extension tag; one seen here has no partner.
  if (EXTENSION_TAGS.has(name)) return { text: '', report: `unmatched <${name}> tag dropped` };
  if (DROPPED.has(name)) return { text: '', report: `<${name}> tag dropped (text kept)` };
  return undefined;
}

const escapeAttribute = (text: string): string =>
  text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
