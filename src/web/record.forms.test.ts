import { describe, expect, it } from 'vitest';
import { fieldErrors, fromForm, toForm } from './record.forms.ts';

describe('record forms', () => {
  const film = {
    slug: 'the-river', title: 'The River', year: 1938, runtimeMinutes: 31, synopsis: 'Water.\nMore water.', countries: ['US'], languages: ['en'], subjects: ['rivers', 'floods'],
    credits: [{ person: 'pare-lorentz', role: 'director' }, { person: 'virgil-thomson', role: 'composer', note: 'score' }],
    appearances: [], places: [{ name: 'Mississippi', country: 'US' }], reception: [{ quote: 'Fine.', author: 'A. Critic', outlet: 'The Paper', date: '1938' }],
    sources: [{ key: 'barnouw1993', note: 'release date | credits' }, { key: 'usda:1938/report' }],
  };

  it('turns a record into form values and back without loss', () => {
    const form = toForm('film', film);
    expect(form.credits).toBe('director pare-lorentz\ncomposer virgil-thomson | score');
    expect(form.countries).toBe('US');
    expect(form.reception).toBe('Fine. | A. Critic | The Paper | 1938');
    // The last part of an item keeps a " | " of its own.
    expect(form.sources).toBe('barnouw1993 | release date | credits\nusda:1938/report');
    expect(fromForm('film', form, 'the-river')).toEqual(film);
  });

  it('leaves a bad number as text for the importer to name, and drops empty optional fields', () => {
    const r = fromForm('film', { title: ' T ', year: 'nineteen', runtimeMinutes: '', synopsis: '', credits: '\n\n' }, 'x');
    expect(r).toMatchObject({ slug: 'x', title: 'T', year: 'nineteen', credits: [], synopsis: '', sources: [] });
    expect('runtimeMinutes' in r).toBe(false);
  });

  it('brings the importer\'s errors back to their fields', () => {
    expect(fieldErrors([
      { path: 'films[0].credits[2].role', message: 'unknown role "directer"' },
      { path: 'films[0].year', message: 'must be an integer, not string' },
      { path: 'films[0]', message: 'is taken' },
      { path: 'films[0].sources[1].note', message: 'must NOT have more than 200 characters' },
    ])).toEqual([
      { path: 'credits', message: 'line 3: role: unknown role "directer"' },
      { path: 'year', message: 'must be an integer, not string' },
      { path: '', message: 'is taken' },
      { path: 'sources', message: 'line 2: note: must NOT have more than 200 characters' },
    ]);
  });
});
