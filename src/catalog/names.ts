const regions = new Intl.DisplayNames(['en'], { type: 'region', fallback: 'none' });
const languages = new Intl.DisplayNames(['en'], { type: 'language', fallback: 'none' });

// Intl.DisplayNames is slow next to a page's other work, and the set of codes is small: remember answers.
function remembered(lookup: (code: string) => string | undefined): (code: string) => string | undefined {
  const known = new Map<string, string | undefined>();
  return (code) => {
    if (known.has(code)) return known.get(code);
    let name: string | undefined;
    try {
      name = lookup(code);
    } catch {
      name = undefined;
    }
    if (known.size < 10_000) known.set(code, name);
    return name;
  };
}

/** The English name of an ISO 3166-1 country code, or undefined when the code names no country. */
export const countryName = remembered((code) => regions.of(code));

/** The English name of an ISO 639 language code, or undefined when the code names no language. */
export const languageName = remembered((code) => {
  const name = languages.of(code);
  return name === code ? undefined : name;
});

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
