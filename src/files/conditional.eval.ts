import type { IncomingHttpHeaders } from 'node:http';

/** Conditional requests (RFC 9110 §13): a pure decision over the request's header fields. */

/** `entity-tag = [ weak ] opaque-tag`, `opaque-tag = DQUOTE *etagc DQUOTE`, etagc = %x21 / %x23-7E / obs-text (§8.8.3). */
export const STRONG_ETAG = /^"[\x21\x23-\x7e\x80-\xff]*"$/;
/** `field-value`: visible characters, spaces and tabs; no line breaks (§5.5). */
export const FIELD_VALUE = /^[\t\x20-\x7e\x80-\xff]+$/;

/** The representation's validators; `lastModified` in milliseconds, whole seconds. */
export interface Validators {
  readonly etag: string;
  readonly lastModified: number;
}

export type Precondition =
  | { readonly status: 304 }
  | { readonly status: 412 }
  /** Go on; `honourRange` says whether a Range header is to be evaluated (§13.2.2 step 5). */
  | { readonly status: 200; readonly honourRange: boolean };

/** Evaluates the preconditions of a request in the order of §13.2.2. `now` is for two-digit years. */
export function evaluatePreconditions(method: string, headers: IncomingHttpHeaders, current: Validators, now: number): Precondition {
  const isGetOrHead = method === 'GET' || method === 'HEAD';
  const ifMatch = field(headers, 'if-match');
  if (ifMatch !== undefined) {
    // Step 1. §13.1.1: "An origin server MUST use the strong comparison function".
    if (!listMatches(ifMatch, current.etag, true)) return { status: 412 };
  } else {
    // Step 2. §13.1.4: ignored unless a valid HTTP-date; true when not modified after it.
    const since = parseHttpDate(field(headers, 'if-unmodified-since'), now);
    if (since !== undefined && current.lastModified > since) return { status: 412 };
  }
  const ifNoneMatch = field(headers, 'if-none-match');
  if (ifNoneMatch !== undefined) {
    // Step 3. §13.1.2: "A recipient MUST use the weak comparison function".
    if (listMatches(ifNoneMatch, current.etag, false)) return { status: isGetOrHead ? 304 : 412 };
  } else if (isGetOrHead) {
    // Step 4. §13.1.3: only without If-None-Match, for GET and HEAD, with a valid HTTP-date.
    const since = parseHttpDate(field(headers, 'if-modified-since'), now);
    if (since !== undefined && current.lastModified <= since) return { status: 304 };
  }
  // Step 5. §14.2: "GET is the only method for which range handling is defined"; §13.1.5: "A
  // server MUST ignore an If-Range header field received in a request that does not contain a
  // Range header field".
  if (method !== 'GET' || field(headers, 'range') === undefined) return { status: 200, honourRange: false };
  const ifRange = field(headers, 'if-range');
  return { status: 200, honourRange: ifRange === undefined || ifRangeHolds(ifRange.replace(/^[ \t]+|[ \t]+$/g, ''), current, now) };
}

/**
 * §13.1.5: true if the date "exactly matches the Last-Modified field value", or the entity tag
 * matches the ETag "using the strong comparison function" (so a weak one never does).
 */
function ifRangeHolds(value: string, current: Validators, now: number): boolean {
  if (value.startsWith('"') || value.startsWith('W/')) return value === current.etag;
  return parseHttpDate(value, now) === current.lastModified;
}

/** One field's value; a repeated field is one list (§5.3), which HTTP-date fields then refuse. */
/** A header field as one string (repeated fields joined with commas, §5.3). */
export function field(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
}

/**
 * Whether `"*" / #entity-tag` matches our (strong) tag. Tags may hold commas, so the list is
 * scanned rather than split; an element that is no entity-tag matches nothing.
 */
function listMatches(list: string, etag: string, strong: boolean): boolean {
  // "*" stands for any current representation, and there is one (§13.1.1, §13.1.2).
  if (/^[ \t]*\*[ \t]*$/.test(list)) return true;
  for (let i = 0; i < list.length; ) {
    while (list[i] === ' ' || list[i] === '\t') i++;
    const weak = list.startsWith('W/', i);
    const open = weak ? i + 2 : i;
    if (list[open] === '"') {
      const close = list.indexOf('"', open + 1);
      if (close < 0) return false;
      if (list.slice(open, close + 1) === etag && !(strong && weak)) return true;
      i = close + 1;
    }
    const comma = list.indexOf(',', i);
    if (comma < 0) return false;
    i = comma + 1;
  }
  return false;
}

const DAY = '(?:Mon|Tue|Wed|Thu|Fri|Sat|Sun)';
const MONTH = '(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)';
const TIME = '(\\d\\d):(\\d\\d):(\\d\\d)';
const IMF_FIXDATE = new RegExp(`^${DAY}, (\\d\\d) ${MONTH} (\\d{4}) ${TIME} GMT$`);
const RFC850_DATE = new RegExp(`^(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday), (\\d\\d)-${MONTH}-(\\d\\d) ${TIME} GMT$`);
const ASCTIME_DATE = new RegExp(`^${DAY} ${MONTH} ( \\d|\\d\\d) ${TIME} (\\d{4})$`);
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * An HTTP-date (§5.6.7) in milliseconds, or undefined if the text is not one. "A recipient that
 * parses a timestamp value in an HTTP field MUST accept all three HTTP-date formats"; they are
 * case-sensitive. Date.parse is not used: it accepts "0", "2024" and other text no client sends.
 */
export function parseHttpDate(text: string | undefined, now: number): number | undefined {
  if (text === undefined) return undefined;
  let m: RegExpExecArray | null;
  let day: string, month: string, year: number, time: string[];
  if ((m = IMF_FIXDATE.exec(text))) [day, month, year, time] = [m[1]!, m[2]!, Number(m[3]), m.slice(4)];
  else if ((m = ASCTIME_DATE.exec(text))) [month, day, time, year] = [m[1]!, m[2]!, m.slice(3, 6), Number(m[6])];
  else if ((m = RFC850_DATE.exec(text))) {
    [day, month, time] = [m[1]!, m[2]!, m.slice(4)];
    // "MUST interpret a timestamp that appears to be more than 50 years in the future as
    // representing the most recent year in the past that had the same last two digits."
    const thisYear = new Date(now).getUTCFullYear();
    year = thisYear - (thisYear % 100) + Number(m[3]);
    if (year > thisYear + 50) year -= 100;
  } else return undefined;
  const [h, min, s] = time.map(Number) as [number, number, number];
  if (h > 23 || min > 59 || s > 60) return undefined; // 60: a leap second
  const date = Number(day);
  // setUTCFullYear, unlike Date.UTC, does not read years 0–99 as 1900–1999.
  const midnight = new Date(0);
  midnight.setUTCFullYear(year, MONTHS.indexOf(month), date);
  // A day the month does not have (31 Apr) would roll over into the next.
  if (midnight.getUTCDate() !== date) return undefined;
  return midnight.getTime() + ((h * 60 + min) * 60 + s) * 1000;
}
