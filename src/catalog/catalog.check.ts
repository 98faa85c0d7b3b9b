import type { ErrorDetail } from '../errors.ts';
import type { CatalogDocument } from './catalog.format.ts';
import { countryName, languageName } from './names.ts';

/** A release file path must stay inside the folder it is resolved against. */
export function unsafePathReason(path: string): string | undefined {
  if (path.includes('\0')) return 'contains a NUL character';
  if (/^([a-zA-Z]:)?[\\/]/.test(path)) return 'must be relative, not absolute';
  if (path.split(/[\\/]/).some((part) => part === '..')) return 'must not contain ".." segments';
  return undefined;
}

/**
 * The checks a JSON Schema cannot express: slugs unique within the file, codes that name a real
 * country or language, dates in order, safe paths, each source cited once per film. Pure:
 * references to records already in the database are checked by the importer (source keys are
 * not: a catalog may arrive before its sources, as articles may cite a key before it exists).
 */
export function checkCatalogDocument(doc: CatalogDocument): ErrorDetail[] {
  const errors: ErrorDetail[] = [];
  const unique = (list: readonly { slug: string }[] | undefined, name: string) => {
    const seen = new Map<string, number>();
    list?.forEach((item, i) => {
      const first = seen.get(item.slug);
      if (first !== undefined) errors.push({ path: `${name}[${i}].slug`, message: `"${item.slug}" is already used by ${name}[${first}]` });
      else seen.set(item.slug, i);
    });
  };
  unique(doc.people, 'people');
  unique(doc.subjects, 'subjects');
  unique(doc.collections, 'collections');
  unique(doc.films, 'films');

  doc.people?.forEach((p, i) => {
    if (p.born && p.died && p.died < p.born) errors.push({ path: `people[${i}].died`, message: `${p.died} is before born (${p.born})` });
  });

  doc.films?.forEach((f, i) => {
    const at = `films[${i}]`;
    f.languages.forEach((code, j) => {
      if (!languageName(code)) errors.push({ path: `${at}.languages[${j}]`, message: `unknown language code "${code}"` });
    });
    f.countries.forEach((code, j) => {
      if (!countryName(code)) errors.push({ path: `${at}.countries[${j}]`, message: `unknown country code "${code}"` });
    });
    f.places.forEach((p, j) => {
      if (p.country && !countryName(p.country)) errors.push({ path: `${at}.places[${j}].country`, message: `unknown country code "${p.country}"` });
    });
    const credits = new Set<string>();
    f.credits.forEach((c, j) => {
      const key = `${c.person}/${c.role}`;
      if (credits.has(key)) errors.push({ path: `${at}.credits[${j}]`, message: `"${c.person}" is credited as ${c.role} twice` });
      credits.add(key);
    });
    const cited = new Map<string, number>();
    f.sources?.forEach((c, j) => {
      const first = cited.get(c.key);
      if (first !== undefined) errors.push({ path: `${at}.sources[${j}].key`, message: `"${c.key}" is already cited by sources[${first}]; say both in one note` });
      else cited.set(c.key, j);
    });
    const releaseNames = new Set<string>();
    f.releases?.forEach((r, j) => {
      if (releaseNames.has(r.name)) errors.push({ path: `${at}.releases[${j}].name`, message: `the film has two releases named "${r.name}"` });
      releaseNames.add(r.name);
      r.files.forEach((file, k) => {
        const reason = unsafePathReason(file.path);
        if (reason) errors.push({ path: `${at}.releases[${j}].files[${k}].path`, message: `"${file.path}" ${reason}` });
      });
    });
  });
  return errors;
}
