import type { CatalogDocument, CollectionInput, FilmInput, PersonInput, SubjectInput } from '../../src/catalog/index.ts';

let n = 0;
const next = () => ++n;

/** Builders for catalog records with sensible defaults; each call makes unique slugs. */
export const aPerson = (over: Partial<PersonInput> = {}): PersonInput => {
  const i = next();
  return { slug: `person-${i}`, name: `Person ${i}`, kind: 'person', bio: `Biography of person ${i}.`, ...over };
};

export const aSubject = (over: Partial<SubjectInput> = {}): SubjectInput => {
  const i = next();
  return { slug: `subject-${i}`, name: `Subject ${i}`, description: '', ...over };
};

export const aFilm = (over: Partial<FilmInput> = {}): FilmInput => {
  const i = next();
  return {
    slug: `film-${i}`,
    title: `Film ${i}`,
    year: 1930,
    runtimeMinutes: 30,
    languages: ['en'],
    countries: ['US'],
    synopsis: `Synopsis of film ${i}.`,
    credits: [],
    appearances: [],
    subjects: [],
    places: [],
    reception: [],
    ...over,
  };
};

export const aCollection = (films: string[], over: Partial<CollectionInput> = {}): CollectionInput => {
  const i = next();
  return { slug: `collection-${i}`, title: `Collection ${i}`, description: '', films, ...over };
};

export const aCatalog = (parts: Partial<Omit<CatalogDocument, 'format' | 'version'>> = {}): CatalogDocument => ({
  format: 'kinora-catalog',
  version: 1,
  ...parts,
});
