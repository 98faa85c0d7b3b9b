const regions = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
const languages = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

/** The English name of an ISO 3166-1 country code, or undefined when the code names no country. */
export const countryName = (code: string): string | undefined => {
  try {
    return regions.of(code);
  } catch {
    return undefined;
  }
};

/** The English name of an ISO 639 language code, or undefined when the code names no language. */
export const languageName = (code: string): string | undefined => {
  try {
    const name = languages.of(code);
    return name === code ? undefined : name;
  } catch {
    return undefined;
  }
};

const ARTICLES = /^(the|a|an)\s+/i;

/** The key films sort by: case-folded, without a leading English article ("The River" files under R). */
export const sortTitle = (title: string): string => title.replace(ARTICLES, '').normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();

/** People file under their last name; organisations under their name without an article. */
export const sortName = (name: string, kind: 'person' | 'organisation'): string => {
  if (kind === 'organisation') return sortTitle(name);
  const parts = name.trim().split(/\s+/);
  const last = parts.pop() ?? '';
  return sortTitle(parts.length ? `${last}, ${parts.join(' ')}` : last);
};
