import { escapeHtml } from './html.ts';

/**
 * The raw HTML an article may hold, as MediaWiki allows a little: a few inline elements, without
 * attributes but `title` on `abbr`. Every other tag is shown as the text it is. This is the first
 * wall; the whole article then goes through sanitize-html on an allowlist as well.
 */
const ALLOWED = new Set(['br', 'sup', 'sub', 'small', 's', 'u', 'abbr', 'code', 'kbd', 'var', 'mark', 'q', 'cite', 'wbr']);
const VOID = new Set(['br', 'wbr']);

const TAG = /<(\/?)([a-zA-Z][a-zA-Z0-9]*)((?:\s+[a-zA-Z_:][-a-zA-Z0-9_:.]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'=<>`]+))?)*)\s*(\/?)>|<!--[\s\S]*?-->/g;

export function filterRawHtml(fragment: string): string {
  let out = '';
  let last = 0;
  for (const m of fragment.matchAll(TAG)) {
    out += escapeHtml(fragment.slice(last, m.index));
    last = m.index + m[0].length;
    if (m[0].startsWith('<!--')) continue;
    const [, close, rawName, attrs] = m;
    const name = rawName!.toLowerCase();
    if (!ALLOWED.has(name)) {
      out += escapeHtml(m[0]);
      continue;
    }
    if (close) {
      if (!VOID.has(name)) out += `</${name}>`;
      continue;
    }
    const title = name === 'abbr' ? /\stitle\s*=\s*(?:"([^"]*)"|'([^']*)')/i.exec(attrs ?? '') : null;
    out += title ? `<abbr title="${escapeHtml(title[1] ?? title[2] ?? '')}">` : `<${name}>`;
  }
  return out + escapeHtml(fragment.slice(last));
}
