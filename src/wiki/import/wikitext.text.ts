const NOWIKI_SPECIAL = /[[\]*_#<>\\`]/g;

/** Escapes what `<nowiki>` protected so CommonMark shows it literally too. */
export const escapeMarkdown = (text: string): string => text.replace(NOWIKI_SPECIAL, (c) => `\\${c}`);

/** The longest run of backticks in `text`, counted in one pass. */
function longestBacktickRun(text: string): number {
  let longest = 0;
  let run = 0;
  for (let i = 0; i < text.length; i++) {
    if (text.charCodeAt(i) === 96) longest = Math.max(longest, ++run);
    else run = 0;
  }
  return longest;
}

/** A CommonMark code span holding `text` on one line, whatever backticks it contains. */
export function inlineCode(text: string): string {
  const flat = foldLines(text);
  if (flat === '') return '';
  const ticks = '`'.repeat(longestBacktickRun(flat) + 1);
  // CommonMark strips one space each side, which lets a span start or end with a backtick.
  const pad = flat.startsWith('`') || flat.endsWith('`') ? ' ' : '';
  return `${ticks}${pad}${flat}${pad}${ticks}`;
}

/** A fenced code block whose fence is longer than any backtick run inside. */
export function fence(text: string, lang = ''): string {
  const ticks = '`'.repeat(Math.max(3, longestBacktickRun(text) + 1));
  return `${ticks}${lang}\n${text}\n${ticks}`;
}

/** Joins lines with single spaces, as a footnote or a table cell needs. */
export const foldLines = (text: string): string =>
  text.split('\n').map((l) => l.trim()).filter((l) => l !== '').join(' ');

const NAMED_ENTITIES: Readonly<Record<string, string>> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'", nbsp: '\u00a0' };

/** Decodes the entities `<pre>` content commonly holds, so a code block shows `<`, not `&lt;`. */
export const decodeEntities = (text: string): string =>
  text.replace(/&(#x[0-9a-f]{1,6}|#[0-9]{1,7}|[a-z]{2,6});/gi, (whole, name: string) => {
    if (name[0] === '#') {
      const code = name[1] === 'x' || name[1] === 'X' ? parseInt(name.slice(2), 16) : parseInt(name.slice(1), 10);
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    const lower = name.toLowerCase();
    return Object.hasOwn(NAMED_ENTITIES, lower) ? NAMED_ENTITIES[lower]! : whole;
  });

/** Lower-case ASCII: accents stripped (é → e), everything else outside a–z and 0–9 removed. */
export const asciiLower = (text: string): string =>
  text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/[^a-z0-9]+/g, '');

/** A footnote label from a ref's name: lower-case ASCII words joined by hyphens. */
export function slug(text: string): string {
  const words = text.normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase().split(/[^a-z0-9]+/);
  return words.filter((w) => w !== '').join('-');
}

/** Reads `name="value"`, `name='value'` and `name=value` attributes; names lower-cased. */
export function parseAttributes(text: string): Record<string, string> {
  const attrs: Record<string, string> = {};
  // The lookbehind starts a name only at a word's start, so a long word without `=` is read once, not once per letter.
  const re = /(?<![\w:.-])([a-zA-Z_][\w:.-]*)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>/]+))/g;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const name = m[1]!.toLowerCase();
    if (!(name in attrs)) attrs[name] = (m[2] ?? m[3] ?? m[4] ?? '').trim();
  }
  return attrs;
}

/**
 * Finds the first `needle` at or after a position, remembering the last answer so a left-to-right
 * scan that asks again and again (one `<` after another, none closed) stays linear.
 */
export function forwardFinder(text: string, needle: string | RegExp): (from: number) => number {
  let askedFrom = Number.POSITIVE_INFINITY;
  let answer = -1;
  const re = typeof needle === 'string' ? undefined : new RegExp(needle.source, needle.flags.includes('g') ? needle.flags : `${needle.flags}g`);
  return (from) => {
    if (from >= askedFrom && (answer === -1 || from <= answer)) return answer;
    askedFrom = from;
    if (re === undefined) answer = text.indexOf(needle as string, from);
    else {
      re.lastIndex = from;
      answer = re.exec(text)?.index ?? -1;
    }
    return answer;
  };
}
