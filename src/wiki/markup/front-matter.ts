import { type Static, Type } from '@sinclair/typebox';
import { parse as parseYaml } from 'yaml';
import { SLUG_PATTERN, StringEnum } from '../../catalog/index.ts';
import { invalid, isAppError } from '../../errors.ts';
import { parserFor } from '../../validation.ts';

/**
 * An article's typed front matter: YAML between `---` lines at the very top, whose `kind` decides
 * the fields of its infobox. Values may hold wiki links (`parties: ["[[France]]", "[[Germany]]"]`).
 */
export const ARTICLE_KINDS = Object.freeze(['event', 'person', 'place', 'organisation', 'treaty', 'topic'] as const);
export type ArticleKind = (typeof ARTICLE_KINDS)[number];

const Text = (max = 300) => Type.String({ minLength: 1, maxLength: max });
const List = Type.Array(Text(), { maxItems: 50 });
/** A date as historians write it when they know part of it: `1919`, `1919-06`, `1919-06-28`. */
const DateText = Type.String({ pattern: '^-?\\d{1,4}(-(0[1-9]|1[0-2])(-(0[1-9]|[12]\\d|3[01]))?)?$', description: 'YYYY, YYYY-MM or YYYY-MM-DD' });
const Time = Type.String({ pattern: '^(\\d{1,2}:)?[0-5]?\\d:[0-5]\\d$', description: 'a time in the film, as HH:MM:SS or MM:SS' });
const FilmCoverage = Type.Object({
  film: Type.String({ pattern: SLUG_PATTERN, maxLength: 120, description: 'the film\'s slug' }),
  at: Type.Optional(Time),
  to: Type.Optional(Time),
  note: Type.Optional(Text(300)),
}, { additionalProperties: false });

const common = {
  image: Type.Optional(Type.String({ pattern: '^/[^/]', maxLength: 500, description: 'a path on this archive, such as /files/…' })),
  caption: Type.Optional(Text()),
  /** The films that cover the article's subject, and where in them. */
  films: Type.Optional(Type.Array(FilmCoverage, { maxItems: 200 })),
};

const Coordinates = Type.Tuple([Type.Number({ minimum: -90, maximum: 90 }), Type.Number({ minimum: -180, maximum: 180 })], { description: '[latitude, longitude] in degrees' });

export const FrontMatterSchema = Type.Union([
  Type.Object({ kind: Type.Literal('event'), date: Type.Optional(DateText), end: Type.Optional(DateText), place: Type.Optional(Text()), participants: Type.Optional(List), outcome: Type.Optional(Text()), ...common }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('person'), born: Type.Optional(DateText), died: Type.Optional(DateText), birthplace: Type.Optional(Text()), roles: Type.Optional(List), nationality: Type.Optional(Text()), ...common }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('treaty'), signed: Type.Optional(DateText), effective: Type.Optional(DateText), place: Type.Optional(Text()), parties: Type.Optional(List), ...common }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('place'), country: Type.Optional(Text()), coordinates: Type.Optional(Coordinates), ...common }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('organisation'), founded: Type.Optional(DateText), dissolved: Type.Optional(DateText), headquarters: Type.Optional(Text()), type: Type.Optional(Text()), ...common }, { additionalProperties: false }),
  Type.Object({ kind: Type.Literal('topic'), ...common }, { additionalProperties: false }),
]);
export type FrontMatter = Static<typeof FrontMatterSchema>;
export type FilmCoverageEntry = Static<typeof FilmCoverage>;

const KindOnly = Type.Object({ kind: StringEnum(ARTICLE_KINDS) });
const kindOf = parserFor<{ kind: ArticleKind }>(KindOnly, 'invalid_front_matter', 'The front matter');
const schemas = new Map(FrontMatterSchema.anyOf.map((s) => [s.properties.kind.const as ArticleKind, parserFor<FrontMatter>(s, 'invalid_front_matter', 'The front matter')]));

const MAX_FRONT_MATTER = 20_000;
/** The fields of every kind that hold a date (DateText). */
export const DATE_FIELDS: readonly string[] = Object.freeze(['date', 'end', 'born', 'died', 'signed', 'effective', 'founded', 'dissolved']);

/** Splits the front matter off the top of an article: `{ yaml, body }`, the body's first line counted from `offset`. */
export function splitFrontMatter(markup: string): { yaml: string | null; body: string } {
  const m = /^---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/.exec(markup);
  if (!m) return { yaml: null, body: markup };
  return { yaml: m[1]!, body: markup.slice(m[0].length) };
}

/** Parses the YAML of front matter into its kind's fields; every problem listed, paths under `front_matter`. */
export function parseFrontMatter(yaml: string): FrontMatter {
  if (yaml.length > MAX_FRONT_MATTER) throw invalid('invalid_front_matter', `The front matter is longer than ${MAX_FRONT_MATTER} characters.`);
  let data: unknown;
  try {
    // No aliases: `&a [*a, *a]` chains would grow without bound ("billion laughs").
    data = parseYaml(yaml, { maxAliasCount: 0, prettyErrors: true, uniqueKeys: true, schema: 'core' });
  } catch (e) {
    throw invalid('invalid_front_matter', `The front matter is not valid YAML: ${(e as Error).message.split('\n')[0]}`, [{ path: 'front_matter', message: (e as Error).message.split('\n')[0]! }]);
  }
  // YAML reads `born: 1920` as a number; a year is a date all the same.
  if (data && typeof data === 'object' && !Array.isArray(data)) {
    for (const k of DATE_FIELDS) {
      const v = (data as Record<string, unknown>)[k];
      if (typeof v === 'number' && Number.isInteger(v)) (data as Record<string, unknown>)[k] = String(v);
    }
  }
  try {
    const { kind } = kindOf(data);
    return schemas.get(kind)!(data);
  } catch (e) {
    if (!isAppError(e)) throw e;
    throw invalid(e.code, e.message, e.details.map((d) => ({ ...d, path: d.path ? `front_matter.${d.path}` : 'front_matter' })));
  }
}
