import { readFileSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import CSL from 'citeproc';

/** A source as citeproc reads it: CSL-JSON with its key as `id`. */
export type CslData = Readonly<{ id: string } & Record<string, unknown>>;

/** One citation of a cluster, as citeproc takes it. */
export interface CiteRequest {
  readonly key: string;
  readonly locator?: string | null;
  readonly label?: string | null;
  readonly prefix?: string;
  readonly suffix?: string;
  readonly suppressAuthor?: boolean;
}

/** What an article's citations look like in one style, computed in one pass. */
export interface FormattedCitations {
  /** Each source's short form, the text of its numbered note: "Barnouw 1993". */
  readonly short: ReadonlyMap<string, string>;
  /** Each source's bibliography entry (HTML from citeproc, sanitised later with the article). */
  readonly entries: ReadonlyMap<string, string>;
  /** The bibliography's order: as the style sorts it. */
  readonly order: readonly string[];
  /** In-text forms of the clusters asked for (citations inside plain footnotes): "(Barnouw 1993, 139)". */
  readonly clusters: readonly string[];
}

/** Formats citations and bibliographies with citeproc-js in one CSL style. */
export interface Citer {
  /** The style's title, for the docs and the about page: "Chicago Manual of Style 17th edition (author-date)". */
  readonly styleTitle: string;
  format(sources: readonly CslData[], clusters: readonly (readonly CiteRequest[])[]): FormattedCitations;
}

const STYLES_DIR = new URL('./styles/', import.meta.url);
export const BUILT_IN_STYLES = Object.freeze(['chicago-author-date', 'apa'] as const);

/** A style's CSL XML: a built-in style's name or a path to a `.csl` file. */
export function loadStyle(nameOrPath: string): string {
  const builtIn = (BUILT_IN_STYLES as readonly string[]).includes(nameOrPath);
  if (!builtIn && !isAbsolute(nameOrPath)) throw new Error(`Unknown citation style "${nameOrPath}": use ${BUILT_IN_STYLES.join(' or ')}, or an absolute path to a .csl file.`);
  const xml = readFileSync(builtIn ? new URL(`${nameOrPath}.csl`, STYLES_DIR) : nameOrPath, 'utf8');
  if (!/<style[\s>]/.test(xml)) throw new Error(`${nameOrPath} is not a CSL style: it has no <style> element.`);
  return xml;
}

const stripParens = (s: string) => s.replace(/^\((.*)\)$/s, '$1');

/**
 * A citer over one citeproc engine. Building an engine parses the style (15–45 ms), so one is
 * kept and given each article's sources in turn; formatting is synchronous, so two articles never
 * share it at once.
 */
export function createCiter(style: string = loadStyle('chicago-author-date')): Citer {
  const locale = readFileSync(new URL('locales-en-US.xml', STYLES_DIR), 'utf8');
  let items = new Map<string, CslData>();
  const engine = new CSL.Engine({ retrieveLocale: () => locale, retrieveItem: (id) => items.get(id) }, style, 'en-US', true);
  engine.setOutputFormat('html');
  const styleTitle = /<title>([^<]*)<\/title>/.exec(style)?.[1] ?? 'CSL style';

  const citer: Citer = {
    styleTitle,
    format(sources, clusters) {
      items = new Map(sources.map((s) => [s.id, s]));
      const ids = [...items.keys()];
      engine.updateItems(ids);
      const short = new Map(ids.map((id) => [id, stripParens(engine.makeCitationCluster([{ id }]))]));
      const inText = clusters.map((c) => engine.makeCitationCluster(c.filter((r) => items.has(r.key)).map((r) => ({
        id: r.key,
        ...(r.locator ? { locator: r.locator, label: r.label ?? 'page' } : {}),
        ...(r.prefix ? { prefix: `${r.prefix} ` } : {}),
        ...(r.suffix ? { suffix: ` ${r.suffix}` } : {}),
        ...(r.suppressAuthor ? { 'suppress-author': true } : {}),
      }))));
      const bib = ids.length ? engine.makeBibliography() : false;
      const entries = new Map<string, string>();
      const order: string[] = [];
      if (bib) {
        bib[0].entry_ids.forEach((entryIds, i) => {
          const id = entryIds[0]!;
          order.push(id);
          entries.set(id, bib[1][i]!.trim().replace(/^<div class="csl-entry">(.*)<\/div>$/s, '$1'));
        });
      }
      return { short, entries, order, clusters: inText };
    },
  };
  return Object.freeze(citer);
}
