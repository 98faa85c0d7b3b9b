import { describe, expect, it } from 'vitest';
import { mulberry32 } from '../prng.ts';
import { isbn10CheckDigit, isbn13CheckDigit, parseIsbn } from './isbn.ts';

describe('parseIsbn', () => {
  // Worked by hand: 0·10 + 1·9 + 9·8 + 5·7 + 0·6 + 7·5 + 8·4 + 9·3 + 8·2 = 226, 226 mod 11 = 6, 11 − 6 = 5;
  // and 9 + 7·3 + 8 + 0·3 + 1 + 9·3 + 5 + 0·3 + 7 + 8·3 + 9 + 8·3 = 135, 10 − 5 = 5.
  it('reads an ISBN-10 and gives its ISBN-13', () => {
    expect(parseIsbn('0-19-507898-5')).toEqual({ ok: true, isbn13: '9780195078985', isbn10: '0195078985', hyphenless: '0195078985' });
    expect(parseIsbn('0-306-40615-2')).toEqual({ ok: true, isbn13: '9780306406157', isbn10: '0306406152', hyphenless: '0306406152' });
  });

  it('reads an ISBN-13 and gives its ISBN-10', () => {
    expect(parseIsbn('978-0-19-507898-5')).toEqual({ ok: true, isbn13: '9780195078985', isbn10: '0195078985', hyphenless: '9780195078985' });
    expect(parseIsbn('978-0-306-40615-7')).toEqual({ ok: true, isbn13: '9780306406157', isbn10: '0306406152', hyphenless: '9780306406157' });
  });

  it('gives no ISBN-10 for a 979 ISBN', () => {
    expect(parseIsbn('979-10-698615-4-1')).toEqual({ ok: true, isbn13: '9791069861541', isbn10: null, hyphenless: '9791069861541' });
  });

  it('reads an X check digit, in either case, as 10', () => {
    expect(parseIsbn('0-8044-2957-X')).toEqual({ ok: true, isbn13: '9780804429573', isbn10: '080442957X', hyphenless: '080442957X' });
    expect(parseIsbn('0-8044-2957-x')).toEqual(parseIsbn('0-8044-2957-X'));
    expect(parseIsbn('978-0-8044-2957-3')).toMatchObject({ ok: true, isbn10: '080442957X' });
  });

  it('accepts spaces, typographic hyphens and an ISBN label', () => {
    for (const text of ['ISBN 0-19-507898-5', 'isbn 0 19 507898 5', 'ISBN: 0195078985', 'ISBN-10 0-19-507898-5', 'ISBN 10: 0195078985', ' 0‐19‐507898‐5 ', 'ISBN-13: 978 0 19 507898 5', 'ISBN 13 : 978-0-19-507898-5']) {
      expect(parseIsbn(text), text).toMatchObject({ ok: true, isbn13: '9780195078985' });
    }
  });

  it('does not take the first digits of a number for a form label', () => {
    const twelve = `978${'130000000'}`;
    const isbn10 = `130000000${isbn10CheckDigit('130000000')}`;
    expect(parseIsbn(`ISBN ${isbn10}`)).toMatchObject({ ok: true, isbn13: twelve + isbn13CheckDigit(twelve) });
  });

  it('rejects every wrong check digit, saying which it should be', () => {
    for (const wrong of ['0', '1', '2', '3', '4', '6', '7', '8', '9', 'X']) {
      expect(parseIsbn(`0-19-507898-${wrong}`)).toEqual({ ok: false, reason: `the check digit should be 5, not ${wrong}` });
    }
    for (const wrong of ['0', '1', '2', '3', '4', '6', '7', '8', '9']) {
      expect(parseIsbn(`978-0-19-507898-${wrong}`)).toEqual({ ok: false, reason: `the check digit should be 5, not ${wrong}` });
    }
    expect(parseIsbn('0-8044-2957-0')).toEqual({ ok: false, reason: 'the check digit should be X, not 0' });
  });

  it('explains what else is wrong', () => {
    expect(parseIsbn('978-0-19-507898')).toEqual({ ok: false, reason: 'an ISBN has 10 or 13 digits, this one has 12' });
    expect(parseIsbn('0-19-50789')).toEqual({ ok: false, reason: 'an ISBN has 10 or 13 digits, this one has 8' });
    expect(parseIsbn('')).toEqual({ ok: false, reason: 'an ISBN has 10 or 13 digits, this one has none' });
    expect(parseIsbn('ISBN')).toEqual({ ok: false, reason: 'an ISBN has 10 or 13 digits, this one has none' });
    expect(parseIsbn('0-19-5O7898-5')).toEqual({ ok: false, reason: 'an ISBN is made of digits (and X as the last of ten), not "O"' });
    expect(parseIsbn('01X5078985')).toEqual({ ok: false, reason: 'only the check digit of a 10-digit ISBN can be X' });
    expect(parseIsbn('978019507898X')).toEqual({ ok: false, reason: 'only the check digit of a 10-digit ISBN can be X' });
    expect(parseIsbn('977-0-19-507898-5')).toEqual({ ok: false, reason: 'a 13-digit ISBN starts with 978 or 979, not 977' });
    expect(parseIsbn('979-0-2600-0043-8')).toEqual({ ok: false, reason: '979-0 starts an ISMN (printed music), not an ISBN' });
  });

  it('reads 10,000 random valid ISBNs of each form, and converts between them both ways', () => {
    const random = mulberry32(2108);
    const digits = (n: number) => Array.from({ length: n }, () => String(Math.floor(random() * 10))).join('');
    for (let n = 0; n < 10_000; n++) {
      const nine = digits(9);
      const isbn10 = nine + isbn10CheckDigit(nine);
      const from10 = parseIsbn(isbn10);
      expect(from10.ok).toBe(true);
      if (!from10.ok) continue;
      expect(from10.isbn10).toBe(isbn10);
      expect(from10.isbn13.slice(0, 12)).toBe(`978${nine}`);
      expect(parseIsbn(from10.isbn13)).toEqual({ ...from10, hyphenless: from10.isbn13 });

      const twelve = `979${String(1 + Math.floor(random() * 9))}${digits(8)}`;
      const isbn13 = twelve + isbn13CheckDigit(twelve);
      expect(parseIsbn(isbn13)).toEqual({ ok: true, isbn13, isbn10: null, hyphenless: isbn13 });
      // A single changed digit never passes either check (ISO 2108 and EAN-13 both catch it).
      const at = Math.floor(random() * 9);
      const other = String((Number(isbn10[at]) + 1 + Math.floor(random() * 9)) % 10);
      expect(parseIsbn(isbn10.slice(0, at) + other + isbn10.slice(at + 1)).ok, `${isbn10} at ${at}`).toBe(false);
      const at13 = Math.floor(random() * 13);
      const other13 = String((Number(isbn13[at13]) + 1 + Math.floor(random() * 9)) % 10);
      expect(parseIsbn(isbn13.slice(0, at13) + other13 + isbn13.slice(at13 + 1)).ok, `${isbn13} at ${at13}`).toBe(false);
    }
  });
});
