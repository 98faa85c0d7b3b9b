import { readFileSync } from 'node:fs';

/**
 * The XSS corpus (test/fixtures/xss-payloads.txt): one payload a line, `\n` for a line break.
 * The file opens with a block of `#` comment lines; after it every line is a payload, including
 * those that start with `#` (a Markdown heading around an SVG, say).
 */
export function xssPayloads(): string[] {
  const lines = readFileSync(new URL('../fixtures/xss-payloads.txt', import.meta.url), 'utf8').split('\n');
  return lines.slice(lines.findIndex((l) => !l.startsWith('#'))).filter((l) => l !== '').map((l) => l.replace(/\\n/g, '\n'));
}
