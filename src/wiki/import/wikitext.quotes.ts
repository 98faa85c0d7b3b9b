import { BOLD_CLOSE, BOLD_OPEN, ITALIC_CLOSE, ITALIC_OPEN } from './wikitext.context.ts';

const B = BOLD_OPEN;
const b = BOLD_CLOSE;
const I = ITALIC_OPEN;
const i_ = ITALIC_CLOSE;

/**
 * Turns the apostrophe runs of one line into emphasis marks, a port of MediaWiki's
 * `Parser::doQuotes` so odd cases (`l'''arbre`, four or six apostrophes) read the same.
 */
export function applyQuotes(line: string): string {
  const arr: string[] = [];
  let start = 0;
  for (let k = 0; k < line.length;) {
    if (line.charCodeAt(k) === 39 && line.charCodeAt(k + 1) === 39) {
      let end = k + 2;
      while (line.charCodeAt(end) === 39) end++;
      arr.push(line.slice(start, k), line.slice(k, end));
      start = end;
      k = end;
    } else k++;
  }
  if (arr.length === 0) return line;
  arr.push(line.slice(start));

  let numBold = 0;
  let numItalics = 0;
  for (let k = 1; k < arr.length; k += 2) {
    let len = arr[k]!.length;
    // MediaWiki: four apostrophes are one of text and a bold mark; more than five, all but the last five are text.
    if (len === 4) { arr[k - 1] += "'"; arr[k] = "'''"; len = 3; }
    else if (len > 5) { arr[k - 1] += "'".repeat(len - 5); arr[k] = "'''''"; len = 5; }
    if (len === 2) numItalics++;
    else if (len === 3) numBold++;
    else { numItalics++; numBold++; }
  }
  // An odd number of both: one bold was likely an apostrophe then italics; prefer one after a
  // single-letter word, then after a longer word, then after a space.
  if (numBold % 2 === 1 && numItalics % 2 === 1) {
    let single = -1;
    let multi = -1;
    let space = -1;
    for (let k = 1; k < arr.length; k += 2) {
      if (arr[k]!.length !== 3) continue;
      const before = arr[k - 1]!;
      const x1 = before.slice(-1);
      const x2 = before.slice(-2, -1);
      if (x1 === ' ') { if (space < 0) space = k; }
      else if (x2 === ' ') { single = k; break; }
      else if (multi < 0) multi = k;
    }
    const pick = single >= 0 ? single : multi >= 0 ? multi : space;
    if (pick >= 0) { arr[pick] = "''"; arr[pick - 1] += "'"; }
  }

  let out = '';
  let buffer = '';
  let state: '' | 'b' | 'i' | 'bi' | 'ib' | 'both' = '';
  for (let k = 0; k < arr.length; k++) {
    const r = arr[k]!;
    if (k % 2 === 0) {
      if (state === 'both') buffer += r;
      else out += r;
      continue;
    }
    if (r.length === 2) {
      if (state === 'i') { out += i_; state = ''; }
      else if (state === 'bi') { out += i_; state = 'b'; }
      else if (state === 'ib') { out += b + i_ + B; state = 'b'; }
      else if (state === 'both') { out += B + I + buffer + i_; state = 'b'; }
      else { out += I; state = state === 'b' ? 'bi' : 'i'; }
    } else if (r.length === 3) {
      if (state === 'b') { out += b; state = ''; }
      else if (state === 'bi') { out += i_ + b + I; state = 'i'; }
      else if (state === 'ib') { out += b; state = 'i'; }
      else if (state === 'both') { out += I + B + buffer + b; state = 'i'; }
      else { out += B; state = state === 'i' ? 'ib' : 'b'; }
    } else {
      if (state === 'b') { out += b + I; state = 'i'; }
      else if (state === 'i') { out += i_ + B; state = 'b'; }
      else if (state === 'bi') { out += i_ + b; state = ''; }
      else if (state === 'ib') { out += b + i_; state = ''; }
      else if (state === 'both') { out += I + B + buffer + b + i_; state = ''; }
      else { buffer = ''; state = 'both'; }
    }
  }
  if (state === 'b' || state === 'ib') out += b;
  if (state === 'i' || state === 'bi' || state === 'ib') out += i_;
  if (state === 'bi') out += b;
  if (state === 'both' && buffer !== '') out += B + I + buffer + i_ + b;
  return out;
}

type Token = { readonly text: string } | { readonly open: 'b' | 'i' } | { readonly close: 'b' | 'i' };

const MARKS: Readonly<Record<string, Token>> = {
  [B]: { open: 'b' }, [b]: { close: 'b' }, [I]: { open: 'i' }, [i_]: { close: 'i' },
};

/**
 * Writes emphasis marks as CommonMark `**` and `*` (or drops them when `plain`): balanced, empty
 * spans removed, and spaces moved outside, since `** bold**` would not be emphasis in CommonMark.
 */
export function finishEmphasis(text: string, plain = false): string {
  if (!/[\uE002-\uE005]/.test(text)) return text;
  const out: Token[] = [];
  const open: ('b' | 'i')[] = [];
  const pushText = (t: string) => {
    if (t === '') return;
    let lead = 0;
    while (lead < t.length && /\s/.test(t[lead]!)) lead++;
    let opens = out.length;
    while (opens > 0 && 'open' in out[opens - 1]!) opens--;
    const before = out[opens - 1];
    // Spaces moved out of a span merge with those already beside it: `a ''' b'''` is `a **b**`.
    const spaced = before !== undefined && 'text' in before && /\s/.test(before.text.slice(-1));
    if (lead > 0 && (opens < out.length || spaced)) {
      if (!spaced) out.splice(opens, 0, { text: t.slice(0, lead) });
      t = t.slice(lead);
      if (t === '') return;
    }
    out.push({ text: t });
  };
  const pushClose = (kind: 'b' | 'i') => {
    let trail = '';
    const last = out[out.length - 1];
    if (last !== undefined && 'text' in last) {
      const kept = last.text.trimEnd();
      trail = last.text.slice(kept.length);
      if (kept === '') out.pop();
      else out[out.length - 1] = { text: kept };
    }
    const prev = out[out.length - 1];
    if (prev !== undefined && 'open' in prev && prev.open === kind) out.pop();
    else out.push({ close: kind });
    if (trail !== '') out.push({ text: trail });
  };
  const close = (kind: 'b' | 'i') => {
    const at = open.lastIndexOf(kind);
    if (at < 0) return;
    const reopen = open.splice(at);
    reopen.shift();
    for (let k = reopen.length - 1; k >= 0; k--) pushClose(reopen[k]!);
    pushClose(kind);
    for (const k of reopen) { out.push({ open: k }); open.push(k); }
  };

  let start = 0;
  for (let k = 0; k < text.length; k++) {
    const mark = MARKS[text[k]!];
    if (mark === undefined) continue;
    pushText(text.slice(start, k));
    start = k + 1;
    if ('open' in mark) {
      if (!open.includes(mark.open)) { open.push(mark.open); out.push(mark); }
    } else if ('close' in mark) close(mark.close);
  }
  pushText(text.slice(start));
  for (let k = open.length - 1; k >= 0; k--) pushClose(open[k]!);
  if (plain) return out.map((t) => ('text' in t ? t.text : '')).join('');
  return out.map((t) => ('text' in t ? t.text : 'open' in t ? (t.open === 'b' ? '**' : '*') : t.close === 'b' ? '**' : '*')).join('');
}
