import { describe, expect, it } from 'vitest';
import { RawBencode, binaryKey, decode, decodeDocument, encode, keyText } from './bencode.ts';

const b = (s: string) => Buffer.from(s, 'latin1');
const codeOf = (input: string) => {
  try {
    decode(b(input));
    return 'accepted';
  } catch (e) {
    return (e as { code: string }).code;
  }
};

describe('bencode', () => {
  it('decodes and re-encodes canonical values byte for byte', () => {
    for (const text of ['i0e', 'i-42e', 'i9007199254740991e', '0:', '4:spam', 'le', 'de', 'l4:spami42ee', 'd3:bar4:spam3:fooi42ee', 'd1:ad1:bl1:ceee']) {
      expect(encode(decode(b(text)) as never).toString('latin1'), text).toBe(text);
    }
  });

  it.each([
    ['', 'the input is empty'],
    ['i03e', 'leading zero'],
    ['i-0e', '"-0" is not a canonical integer'],
    ['ie', 'has no digits'],
    ['i-e', 'has no digits'],
    ['i1.5e', 'expected a digit'],
    ['i12', 'ends inside a number'],
    ['03:abc', 'leading zero'],
    ['5:abc', 'runs past the end'],
    ['d1:b0:1:a0:e', 'out of order'],
    ['d1:a0:1:a0:e', 'appears twice'],
    ['di1e0:e', 'must be a string'],
    ['i1ei2e', 'follow the end of the value'],
    ['l', 'ends inside a list'],
    ['d1:a', 'ends where a value was expected'],
    ['x', 'unexpected "x"'],
    ['i99999999999999999999e', 'too large'],
  ])('rejects %j: %s', (input, message) => {
    expect(() => decode(b(input))).toThrow(message);
    expect(codeOf(input)).toBe('invalid_bencode');
  });

  it('rejects every truncation of a valid document', () => {
    const doc = encode({ announce: 'http://t/a', info: { length: 5, name: 'x', 'piece length': 16384, pieces: Buffer.alloc(20) } });
    for (let n = 0; n < doc.length; n++) expect(codeOf(doc.subarray(0, n).toString('latin1')), `prefix ${n}`).toBe('invalid_bencode');
  });

  it('limits depth and size', () => {
    expect(() => decode(b('l'.repeat(100_000)))).toThrow('nesting deeper than 64 levels');
    expect(() => decode(b(`${'l'.repeat(10)}${'e'.repeat(10)}`), { maxDepth: 5 })).toThrow('nesting deeper than 5');
    expect(() => decode(b('4:spam'), { maxBytes: 5 })).toThrow('more than the 5 allowed');
  });

  it('gives the exact byte span of each top-level value', () => {
    const doc = b('d8:announce3:url4:infod4:name1:xe3:zzzi1ee');
    const { spans } = decodeDocument(doc);
    const info = spans.get('info')!;
    expect(doc.subarray(info.start, info.end).toString('latin1')).toBe('d4:name1:xe');
  });

  it('keeps binary keys exact, sorts keys by their bytes, and refuses what it cannot encode', () => {
    const key = Buffer.from([0xff, 0x00, 0x41]).toString('latin1');
    const doc = encode(new Map([[key, 1], ['a', 2], [binaryKey('é'), 3]]));
    expect(doc.toString('latin1')).toBe(`d1:ai2e2:${binaryKey('é')}i3e3:${key}i1ee`);
    const back = decode(doc) as Map<string, number>;
    expect(back.get(key)).toBe(1);
    expect(keyText(binaryKey('é'))).toBe('é');
    expect(keyText(key)).toBeUndefined();
    expect(encode({ b: 1, a: new RawBencode(b('i7e')) }).toString('latin1')).toBe('d1:ai7e1:bi1ee');
    expect(() => encode(1.5)).toThrow(RangeError);
    expect(() => encode(2 ** 60)).toThrow(RangeError);
  });
});
