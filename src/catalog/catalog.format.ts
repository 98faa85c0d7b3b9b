import { type Static, Type } from '@sinclair/typebox';
import { SOURCE_KEY } from '../source-key.ts';

/**
 * The catalog exchange format: what `kinora import` reads, `kinora export` writes and the JSON API
 * accepts. It is the one definition; docs/catalog.schema.json is generated from it.
 */

export const ROLES = ['director', 'writer', 'producer', 'sponsor', 'narrator', 'cinematographer', 'editor', 'composer'] as const;
export type Role = (typeof ROLES)[number];

export const SLUG_PATTERN = '^[a-z0-9]+(?:-[a-z0-9]+)*$';

/** A string enum as one JSON Schema `enum`, so a wrong value yields one clear error, not one per alternative. */
export const StringEnum = <T extends readonly string[]>(values: T, description?: string) =>
  Type.Unsafe<T[number]>({ type: 'string', enum: [...values], ...(description ? { description } : {}) });

const Slug = Type.String({ pattern: SLUG_PATTERN, minLength: 1, maxLength: 120, description: 'Lowercase ASCII letters, digits and single hyphens; the last part of the page URL.' });
const Text = (maxLength: number, description?: string) => Type.String({ minLength: 1, maxLength, ...(description ? { description } : {}) });
const PartialDate = Type.String({ pattern: '^\\d{4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\\d|3[01]))?)?$', description: 'ISO 8601 date, possibly partial: 1926, 1926-02 or 1926-02-08.' });
const Country = Type.String({ pattern: '^[A-Z]{2}$', description: 'ISO 3166-1 alpha-2 country code.' });
const Language = Type.String({ pattern: '^[a-z]{2,3}$', description: 'ISO 639-1 (or 639-3) language code.' });
const HttpUrl = Type.String({ format: 'uri', pattern: '^https?://', maxLength: 2000 });

export const PersonInput = Type.Object(
  {
    slug: Slug,
    name: Text(300),
    kind: Type.Optional(StringEnum(['person', 'organisation'] as const, 'A person, or an organisation such as a studio, agency or sponsor.')),
    bio: Type.Optional(Type.String({ maxLength: 5000 })),
    born: Type.Optional(PartialDate),
    died: Type.Optional(PartialDate),
  },
  { additionalProperties: false },
);

export const SubjectInput = Type.Object(
  { slug: Slug, name: Text(300), description: Type.Optional(Type.String({ maxLength: 2000 })) },
  { additionalProperties: false },
);

export const CollectionInput = Type.Object(
  {
    slug: Slug,
    title: Text(300),
    description: Type.Optional(Type.String({ maxLength: 5000 })),
    films: Type.Array(Slug, { maxItems: 10000, description: 'Slugs of the member films, in display order.' }),
  },
  { additionalProperties: false },
);

const Credit = Type.Object(
  { person: Slug, role: StringEnum(ROLES), note: Type.Optional(Text(300)) },
  { additionalProperties: false },
);
const Appearance = Type.Object(
  { person: Slug, as: Type.Optional(Text(300, 'The name or capacity in which the person appears, e.g. "Nanook" or "interviewee".')) },
  { additionalProperties: false },
);
const Place = Type.Object({ name: Text(300), country: Type.Optional(Country) }, { additionalProperties: false });
const Quote = Type.Object(
  { quote: Text(2000), author: Text(300), outlet: Text(300), date: Type.Optional(PartialDate), url: Type.Optional(HttpUrl) },
  { additionalProperties: false },
);
const ReleaseFile = Type.Object(
  {
    path: Type.String({ minLength: 1, maxLength: 1000, description: 'Path of the file, relative to the imported file\'s folder.' }),
    bytes: Type.Optional(Type.Integer({ minimum: 0 })),
    sha256: Type.Optional(Type.String({ pattern: '^[0-9a-f]{64}$' })),
  },
  { additionalProperties: false },
);
const Release = Type.Object(
  { name: Text(300), files: Type.Array(ReleaseFile, { minItems: 1, maxItems: 1000 }) },
  { additionalProperties: false },
);

/** At most this many sources per film: a record cites the few works its facts come from, not a bibliography. */
export const MAX_FILM_SOURCES = 50;

const FilmSource = Type.Object(
  {
    key: Type.String({
      pattern: SOURCE_KEY.pattern, minLength: SOURCE_KEY.minLength, maxLength: SOURCE_KEY.maxLength,
      description: `A key of the wiki's source registry such as barnouw1993: ${SOURCE_KEY.hint}`,
    }),
    note: Type.Optional(Text(200, 'What the record takes from the source, e.g. "release date and credits".')),
  },
  { additionalProperties: false },
);

export const FilmInput = Type.Object(
  {
    slug: Slug,
    title: Text(500),
    originalTitle: Type.Optional(Text(500)),
    year: Type.Integer({ minimum: 1870, maximum: 2100 }),
    runtimeMinutes: Type.Optional(Type.Integer({ minimum: 1, maximum: 100000 })),
    languages: Type.Array(Language, { maxItems: 50, uniqueItems: true }),
    countries: Type.Array(Country, { maxItems: 50, uniqueItems: true }),
    synopsis: Type.String({ maxLength: 20000 }),
    credits: Type.Array(Credit, { maxItems: 500 }),
    appearances: Type.Array(Appearance, { maxItems: 500 }),
    subjects: Type.Array(Slug, { maxItems: 100, uniqueItems: true }),
    places: Type.Array(Place, { maxItems: 100 }),
    reception: Type.Array(Quote, { maxItems: 100 }),
    releases: Type.Optional(Type.Array(Release, { maxItems: 100 })),
    sources: Type.Optional(Type.Array(FilmSource, { maxItems: MAX_FILM_SOURCES, description: 'The sources the record\'s facts come from, each cited once. A key the registry does not have (yet) is accepted: catalogs may arrive before their sources.' })),
  },
  { additionalProperties: false },
);

export const CatalogDocument = Type.Object(
  {
    $schema: Type.Optional(Type.String()),
    format: Type.Literal('kinora-catalog'),
    version: Type.Literal(1),
    people: Type.Optional(Type.Array(PersonInput, { maxItems: 1_000_000 })),
    subjects: Type.Optional(Type.Array(SubjectInput, { maxItems: 1_000_000 })),
    collections: Type.Optional(Type.Array(CollectionInput, { maxItems: 100_000 })),
    films: Type.Optional(Type.Array(FilmInput, { maxItems: 1_000_000 })),
  },
  { additionalProperties: false, title: 'Kinora catalog', description: 'Films, people, subjects and collections of a Kinora archive.' },
);

export type PersonInput = Static<typeof PersonInput>;
export type SubjectInput = Static<typeof SubjectInput>;
export type CollectionInput = Static<typeof CollectionInput>;
export type FilmInput = Static<typeof FilmInput>;
export type CatalogDocument = Static<typeof CatalogDocument>;
