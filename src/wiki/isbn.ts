/** An ISBN read from what someone typed: both forms, ready to store or to link. */
export interface Isbn {
  readonly ok: true;
  /** The 13-digit form, without hyphens: what the wiki stores and compares. */
  readonly isbn13: string;
  /** The 10-digit form, without hyphens; null for a 979 ISBN, which has none. */
  readonly isbn10: string | null;
  /** The digits as given (10 or 13 of them), without hyphens or spaces, a check digit x upper-cased. */
  readonly hyphenless: string;
}

/** Why a text is not an ISBN, in words to show next to the field. */
export interface NotIsbn {
  readonly ok: false;
  readonly reason: string;
}

/** The check digit of an ISBN-10 from its first nine digits: ISO 2108, weights 10 down to 2, mod 11, with X for 10. */
export function isbn10CheckDigit(nine: string): string {
  let sum = 0;
  for (let i = 0; i < 9; i++) sum += (10 - i) * Number(nine[i]);
  const check = (11 - (sum % 11)) % 11;
  return check === 10 ? 'X' : String(check);
}

/** The check digit of an ISBN-13 (an EAN-13) from its first twelve digits: weights 1 and 3 alternately, mod 10. */
export function isbn13CheckDigit(twelve: string): string {
  let sum = 0;
  for (let i = 0; i < 12; i++) sum += (i % 2 === 0 ? 1 : 3) * Number(twelve[i]);
  return String((10 - (sum % 10)) % 10);
}

// Printed ISBNs come as "ISBN 0-19-507898-5", "ISBN-13: 978 0 19 507898 5", sometimes with
// typographic hyphens pasted from a catalogue page. "ISBN 13: …" names the form but "ISBN 1305…"
// starts the number, so a form label needs a hyphen or a colon.
const PREFIX = /^isbn(?:-1[03](?!\d)|\s+1[03](?=\s*:))?\s*:?\s*/i;
const SEPARATORS = /[\s\-\u2010\u2011\u2012\u2013]/g;

const fail = (reason: string): NotIsbn => ({ ok: false, reason });

/** Reads an ISBN-10 or ISBN-13, checking its check digit, into both forms; or says what is wrong with it. */
export function parseIsbn(text: string): Isbn | NotIsbn {
  const given = text.trim().replace(PREFIX, '').replace(SEPARATORS, '').toUpperCase();
  if (given === '') return fail('an ISBN has 10 or 13 digits, this one has none');
  const stray = /[^0-9X]/u.exec(given);
  if (stray) return fail(`an ISBN is made of digits (and X as the last of ten), not "${stray[0]}"`);
  if (given.length !== 10 && given.length !== 13) return fail(`an ISBN has 10 or 13 digits, this one has ${given.length}`);
  if (/X./.test(given) || (given.length === 13 && given.endsWith('X'))) return fail('only the check digit of a 10-digit ISBN can be X');

  if (given.length === 10) {
    const check = isbn10CheckDigit(given);
    if (given[9] !== check) return fail(`the check digit should be ${check}, not ${given[9]}`);
    const twelve = `978${given.slice(0, 9)}`;
    return { ok: true, isbn13: twelve + isbn13CheckDigit(twelve), isbn10: given, hyphenless: given };
  }

  const prefix = given.slice(0, 3);
  if (prefix !== '978' && prefix !== '979') return fail(`a 13-digit ISBN starts with 978 or 979, not ${prefix}`);
  // The ISBN agency gave 979-0 to the ISMN: such a number is printed music, not a book.
  if (given.startsWith('9790')) return fail('979-0 starts an ISMN (printed music), not an ISBN');
  const check = isbn13CheckDigit(given);
  if (given[12] !== check) return fail(`the check digit should be ${check}, not ${given[12]}`);
  const isbn10 = prefix === '978' ? given.slice(3, 12) + isbn10CheckDigit(given.slice(3, 12)) : null;
  return { ok: true, isbn13: given, isbn10, hyphenless: given };
}
