import { PH_OPEN } from './wikitext.context.ts';

/** The citation templates whose parameters become a CSL item. */
export const CITATION_TEMPLATES = new Set(['cite book', 'cite web', 'cite journal', 'cite news', 'citation']);
/** Templates that only place the notes list, which Kinora places by itself. */
export const NOTES_LIST_TEMPLATES = new Set(['reflist', 'references', 'notelist']);

/** How a `{{…}}` is treated, from its name alone. */
export type TemplateClass =
  | { readonly kind: 'cite'; readonly name: string }
  | { readonly kind: 'notes-list' }
  | { readonly kind: 'literal'; readonly text: string }
  | { readonly kind: 'dropped'; readonly report: string; readonly name: string };

/** The name of a template: the text before its first `|`, spaces and underscores collapsed. */
export function templateName(inner: string): string {
  const bar = inner.indexOf('|');
  const head = (bar < 0 ? inner : inner.slice(0, bar)).slice(0, 200);
  return head.replace(/[\s_]+/g, ' ').trim();
}

/** Decides, by name, what a template becomes; `{{!}}` and `{{=}}` are the escapes of `|` and `=`. */
export function classifyTemplate(inner: string): TemplateClass {
  let name = templateName(inner);
  if (name === '!') return { kind: 'literal', text: '|' };
  if (name === '=') return { kind: 'literal', text: '=' };
  name = name.replace(/^(?:safesubst|subst|msgnw|msg|template)\s*:\s*/i, '');
  const lower = name.toLowerCase();
  if (CITATION_TEMPLATES.has(lower)) return { kind: 'cite', name: lower };
  if (NOTES_LIST_TEMPLATES.has(lower)) return { kind: 'notes-list' };
  if (name.startsWith('#')) {
    const fn = name.slice(0, name.indexOf(':') < 0 ? undefined : name.indexOf(':'));
    return { kind: 'dropped', name: fn, report: `parser function {{${fn}}} dropped` };
  }
  const magic = /^([A-Z]+):/.exec(name);
  if (magic !== null) return { kind: 'dropped', name: magic[1]!, report: `magic word {{${magic[1]}}} dropped` };
  const shown = /[{}[\]<>\uE000-\uE005]/.test(name) || name === '' ? '…' : name.charAt(0).toUpperCase() + name.slice(1);
  return { kind: 'dropped', name: shown, report: `template {{${shown}}} dropped` };
}

/**
 * Splits a template's preprocessed text at the `|` that separate its parameters (not those inside
 * `[[link|label]]`; nested templates are placeholders by now) into positional and named values.
 */
export function templateParams(body: string): { positional: string[]; named: Map<string, string> } {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    if (c === '[' && body[i + 1] === '[') { depth++; i++; }
    else if (c === ']' && body[i + 1] === ']' && depth > 0) { depth--; i++; }
    else if (c === '|' && depth === 0) { parts.push(body.slice(start, i)); start = i + 1; }
  }
  parts.push(body.slice(start));
  const positional: string[] = [];
  const named = new Map<string, string>();
  for (const part of parts.slice(1)) {
    const eq = part.indexOf('=');
    const key = eq < 0 ? '' : part.slice(0, eq).trim().toLowerCase().replace(/[\s_]+/g, '-');
    if (eq < 0 || key === '' || key.includes(PH_OPEN)) positional.push(part.trim());
    else if (!named.has(key) || named.get(key) === '') named.set(key, part.slice(eq + 1).trim());
  }
  return { positional, named };
}
