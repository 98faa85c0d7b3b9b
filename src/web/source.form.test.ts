import { describe, expect, it } from 'vitest';
import { parseSource } from '../wiki/source.parse.ts';
import { SOURCE_FIELDS, sourceFormValues, sourceInputOf } from './source.form.ts';

/** A posted form as a browser sends it: every field, the blank ones as ''. */
const posted = (filled: Record<string, string>) => ({ key: '', type: 'book', ...Object.fromEntries(SOURCE_FIELDS.map(([f]) => [f, ''])), ...filled });

describe('the source form', () => {
  it('takes a form with most fields blank, as browsers post it', () => {
    const s = parseSource(sourceInputOf(posted({ key: 'lorentz1992', title: 'Memoirs and Scripts' })));
    expect(s).toEqual({ key: 'lorentz1992', item: { type: 'book', title: 'Memoirs and Scripts' } });
  });

  it('reads names one per line, and dates as parts or as text', () => {
    const s = parseSource(sourceInputOf(posted({ key: 'a1', title: 'T', author: 'Lorentz, Pare\nResettlement Administration', issued: '1936-05', accessed: 'spring 1990' })));
    expect(s.item.author).toEqual([{ family: 'Lorentz', given: 'Pare' }, { literal: 'Resettlement Administration' }]);
    expect(s.item.issued).toEqual({ 'date-parts': [[1936, 5]] });
    expect(s.item.accessed).toEqual({ literal: 'spring 1990' });
  });

  it('gives a stored item back as the same form values', () => {
    const values = posted({ key: 'a1', title: 'T', author: 'Lorentz, Pare', issued: '1936-05-28', publisher: 'P' });
    const back = sourceFormValues(parseSource(sourceInputOf(values)).item as unknown as Record<string, unknown>);
    expect(back).toMatchObject({ title: 'T', author: 'Lorentz, Pare', issued: '1936-05-28', publisher: 'P', accessed: '', type: 'book' });
  });
});
