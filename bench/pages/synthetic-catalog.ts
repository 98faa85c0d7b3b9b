import type { CatalogDocument, CollectionInput, FilmInput, PersonInput, Role, SubjectInput } from '../../src/catalog/index.ts';
import { createRandom, type Random } from './random.ts';
import * as W from './words.ts';

export interface SyntheticOptions {
  readonly films: number;
  readonly people: number;
  readonly collections: number;
  readonly seed: number;
}

export const DEFAULT_OPTIONS: SyntheticOptions = Object.freeze({ films: 100_000, people: 30_000, collections: 50, seed: 1895 });

/** A whole synthetic catalog, before it is cut into files. */
export interface SyntheticCatalog {
  readonly people: PersonInput[];
  readonly subjects: SubjectInput[];
  readonly films: FilmInput[];
  readonly collections: CollectionInput[];
}

/** Lowercase ASCII words joined by single hyphens: the catalog's slug form. */
export const slugify = (text: string): string =>
  text.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '') || 'x';

/** Hands out slugs that are unique within one record type, adding -2, -3… to repeats. */
function slugMaker(): (text: string) => string {
  const used = new Map<string, number>();
  return (text) => {
    const base = slugify(text).slice(0, 100).replace(/-+$/, '');
    const n = (used.get(base) ?? 0) + 1;
    used.set(base, n);
    return n === 1 ? base : `${base}-${n}`;
  };
}

const fill = (template: string, values: Record<string, string>) => template.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? k);
const capitalise = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const wordCount = (s: string) => s.split(/\s+/).filter(Boolean).length;

function makePeople(rng: Random, count: number): PersonInput[] {
  const slug = slugMaker();
  const names = new Set<string>();
  const people: PersonInput[] = [];
  while (people.length < count) {
    const organisation = rng.chance(0.05);
    const name = organisation
      ? fill(rng.pick(W.ORGANISATION_FORMS), { surname: rng.pick(W.SURNAMES), surname2: rng.pick(W.SURNAMES), place: rng.pick(W.PLACES)[0] })
      : [rng.pick(W.FIRST_NAMES), ...(rng.chance(0.4) ? [rng.pick(W.INITIALS)] : []), rng.pick(W.SURNAMES)].join(' ');
    if (names.has(name)) continue;
    names.add(name);
    const person: PersonInput = { slug: slug(name), name, kind: organisation ? 'organisation' : 'person' };
    if (rng.chance(0.4)) {
      const [place] = rng.pick(W.PLACES);
      person.bio = organisation
        ? `Film producer based in ${place}, active for ${rng.int(3, 60)} years. It made films about ${rng.pick(W.TOPICS)}.`
        : `Filmmaker from ${place} whose work ${rng.pick(W.VERBS)} ${rng.pick(W.TOPICS)}. ${capitalise(rng.pick(W.MATERIALS))} run through most of the films.`;
    }
    if (!organisation && rng.chance(0.5)) {
      const born = rng.int(1850, 1995);
      person.born = String(born);
      if (born + 95 < 2025 || rng.chance(0.3)) person.died = String(Math.min(2025, born + rng.int(40, 95)));
    }
    people.push(person);
  }
  return people;
}

function makeSubjects(): SubjectInput[] {
  return W.SUBJECTS.map((name) => ({ slug: slugify(name), name, description: '' }));
}

function title(rng: Random): string {
  const noun = rng.pick(W.TITLE_NOUNS);
  const adj = rng.pick(W.TITLE_ADJECTIVES);
  const [place] = rng.pick(W.PLACES);
  switch (rng.int(0, 9)) {
    case 0: return `The ${adj} ${noun}`;
    case 1: return `${noun} of ${place}`;
    case 2: return `${capitalise(place)}: ${adj} ${noun}`;
    case 3: return `The ${noun} and the ${rng.pick(W.TITLE_NOUNS)}`;
    case 4: return `A ${noun} in ${place}`;
    case 5: return `${adj} ${noun}`;
    case 6: return `Voices from the ${noun}`;
    case 7: return `${rng.int(2, 12) * 10} Days on the ${noun}`;
    case 8: return `${capitalise(rng.pick(W.GROUPS))} of ${place}`;
    default: return `Letter from ${place}`;
  }
}

/** 40–120 words of prose about the film, naming its place, people and themes so search has something to find. */
function synopsis(rng: Random, year: number, place: string, director: string): string {
  const target = rng.int(40, 100);
  const group = rng.pick(W.GROUPS);
  const sentences = [
    rng.chance(0.5)
      ? `Filmed in ${place} in ${year}, the film ${rng.pick(W.VERBS)} ${group} who ${rng.pick(W.ACTIVITIES)}.`
      : `Without commentary, the film ${rng.pick(W.VERBS)} the daily routine of ${group} in ${place}.`,
  ];
  const more = [
    () => `Built from ${rng.pick(W.MATERIALS)} and ${rng.pick(W.MATERIALS)}, it ${rng.pick(W.VERBS)} ${rng.pick(W.TOPICS)}.`,
    () => `Over ${rng.int(2, 18)} months the camera stays with a family of ${rng.pick(W.GROUPS)} as they ${rng.pick(W.ACTIVITIES)}.`,
    () => `The director, ${director}, spent ${rng.int(2, 9)} years in ${place} before shooting began.`,
    () => `Interviews with ${rng.pick(W.GROUPS)} alternate with ${rng.pick(W.MATERIALS)} of ${rng.pick(W.PLACES)[0]}.`,
    () => `Its second half turns to ${rng.pick(W.TOPICS)}, and to the ${rng.pick(W.GROUPS)} who ${rng.pick(W.ACTIVITIES)}.`,
    () => rng.pick(W.CLOSINGS),
  ];
  // Each kind of sentence once before any repeats, in a random order.
  const order = more.map((make) => ({ make, key: rng.next() })).sort((a, b) => a.key - b.key);
  for (let i = 0; wordCount(sentences.join(' ')) < target; i++) sentences.push(order[i % order.length]!.make());
  if (wordCount(sentences.join(' ')) > 120) sentences.pop();
  return sentences.join(' ');
}

const OTHER_ROLES: readonly Role[] = ['writer', 'producer', 'cinematographer', 'editor', 'composer', 'narrator', 'sponsor'];
const APPEARING_AS: readonly string[] = ['interviewee', 'witness', 'guide', 'commentator', 'themselves'];

function makeFilm(rng: Random, slug: (t: string) => string, people: readonly PersonInput[], organisations: readonly PersonInput[], subjects: readonly SubjectInput[]): FilmInput {
  const year = Math.min(2025, 1895 + Math.floor(131 * rng.next() ** 0.55));
  const languages = rng.distinct(rng.chance(0.8) ? 1 : 2, () => rng.weighted(W.LANGUAGES));
  const countries = rng.distinct(rng.weighted([[1, 70], [2, 22], [3, 8]] as const), () => rng.weighted(W.COUNTRIES));
  const filmTitle = title(rng);
  const native = W.NATIVE_TITLE_WORDS[languages[0]!];
  // Prolific directors and crews: a few people are credited on hundreds of films, most on a handful.
  const someone = () => people[rng.skewed(people.length, 1.6)]!;

  const credits: FilmInput['credits'] = [];
  const credited = new Set<string>();
  const credit = (person: PersonInput, role: Role) => {
    if (credited.has(`${person.slug}/${role}`)) return;
    credited.add(`${person.slug}/${role}`);
    credits.push({ person: person.slug, role, ...(rng.chance(0.03) ? { note: 'uncredited' } : {}) });
  };
  const someoneHuman = (): PersonInput => {
    const p = someone();
    return p.kind === 'organisation' ? someoneHuman() : p;
  };
  const directors = rng.distinct(rng.chance(0.85) ? 1 : 2, someoneHuman);
  for (const d of directors) credit(d, 'director');
  if (rng.chance(0.3)) credit(directors[0]!, 'writer');
  const total = rng.int(3, 8);
  for (let tries = 0; credits.length < total && tries < 30; tries++) {
    const role = rng.pick(OTHER_ROLES);
    credit(role === 'sponsor' ? rng.pick(organisations) : someone(), role);
  }

  const local = W.PLACES.filter(([, c]) => countries.includes(c));
  const places = rng.distinct(rng.int(0, 2), () => (local.length && rng.chance(0.7) ? rng.pick(local) : rng.pick(W.PLACES)));
  const setting = places[0]?.[0] ?? rng.pick(W.PLACES)[0];
  const reception = Array.from({ length: rng.weighted([[0, 40], [1, 30], [2, 20], [3, 10]] as const) }, (_, k) => {
    const praise = rng.pick(W.PRAISE);
    return {
      quote: `${capitalise(praise)}.${rng.chance(0.5) ? ` ${capitalise(rng.pick(W.PRAISE))}.` : ''}`,
      author: `${rng.pick(W.FIRST_NAMES)} ${rng.pick(W.SURNAMES)}`,
      outlet: rng.pick(W.OUTLETS),
      date: String(Math.min(2025, year + rng.int(0, 3))),
      ...(rng.chance(0.5) ? { url: `https://reviews.example.org/${year}/${k + 1}/${slugify(filmTitle)}` } : {}),
    };
  });

  return {
    slug: slug(`${filmTitle} ${year}`),
    title: filmTitle,
    ...(native && rng.chance(0.6) ? { originalTitle: rng.pick(native) } : {}),
    year,
    ...(rng.chance(0.85) ? { runtimeMinutes: rng.chance(0.2) ? rng.int(5, 30) : rng.int(40, 180) } : {}),
    languages,
    countries,
    synopsis: synopsis(rng, year, setting, directors[0]!.name),
    credits,
    appearances: rng.distinct(rng.int(0, 2), () => people[rng.int(0, people.length - 1)]!).map((p) => ({ person: p.slug, ...(rng.chance(0.7) ? { as: rng.pick(APPEARING_AS) } : {}) })),
    subjects: rng.distinct(rng.int(2, 5), () => subjects[rng.skewed(subjects.length, 1.3)]!.slug),
    places: places.map(([name, country]) => ({ name: capitalise(name), country })),
    reception,
  };
}

/** Collections grouped by a theme (a subject, a decade, a place, a sponsor), each listing its films in year order. */
function makeCollections(rng: Random, count: number, films: readonly FilmInput[], organisations: readonly PersonInput[], subjects: readonly SubjectInput[]): CollectionInput[] {
  const slug = slugMaker();
  const titles = new Set<string>();
  const collections: CollectionInput[] = [];
  for (let tries = 0; collections.length < count && tries < count * 20; tries++) {
    const form = rng.pick(W.COLLECTION_FORMS);
    const subject = rng.pick(subjects);
    const decade = rng.int(189, 202) * 10;
    const [place, country] = rng.pick(W.PLACES);
    const org = rng.pick(organisations);
    const title = fill(form, { subject: subject.name, decade: String(decade), place, org: org.name });
    if (titles.has(title)) continue;
    const belongs = (f: FilmInput) =>
      form.includes('{subject}') ? f.subjects.includes(subject.slug)
      : form.includes('{decade}') ? f.year >= decade && f.year < decade + 10
      : form.includes('{place}') ? f.countries.includes(country)
      : f.credits.some((c) => c.person === org.slug);
    const size = rng.int(20, 400);
    const members = films.filter(belongs).filter(() => rng.chance(0.5)).slice(0, size);
    if (members.length < 5) continue;
    titles.add(title);
    members.sort((a, b) => a.year - b.year);
    collections.push({ slug: slug(title), title, description: `${members.length} films, chosen by the archive's curators.`, films: members.map((f) => f.slug) });
  }
  return collections;
}

/** Builds the whole catalog from the options alone: same options, same catalog. */
export function generateCatalog(options: SyntheticOptions): SyntheticCatalog {
  const rng = createRandom(options.seed);
  const people = makePeople(rng, options.people);
  const organisations = people.filter((p) => p.kind === 'organisation');
  const subjects = makeSubjects();
  const slug = slugMaker();
  const films = Array.from({ length: options.films }, () => makeFilm(rng, slug, people, organisations, subjects));
  const collections = makeCollections(rng, options.collections, films, organisations, subjects);
  return { people, subjects, films, collections };
}

/**
 * Cuts the catalog into documents to import one after another: people and subjects first, films
 * in chunks of `filmsPerFile` (0: all in one), collections last since they point at films.
 */
export function toDocuments(catalog: SyntheticCatalog, filmsPerFile: number): CatalogDocument[] {
  const head = { format: 'kinora-catalog', version: 1 } as const;
  if (filmsPerFile <= 0 || filmsPerFile >= catalog.films.length) return [{ ...head, ...catalog }];
  const docs: CatalogDocument[] = [{ ...head, people: catalog.people, subjects: catalog.subjects }];
  for (let i = 0; i < catalog.films.length; i += filmsPerFile) docs.push({ ...head, films: catalog.films.slice(i, i + filmsPerFile) });
  docs.push({ ...head, collections: catalog.collections });
  return docs;
}
