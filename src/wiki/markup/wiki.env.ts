import type { CiteItem } from './citation.parse.ts';

/** A section heading of an article, for the table of contents and for `[[Page#Section]]`. */
export interface Heading {
  readonly level: number;
  readonly text: string;
  readonly anchor: string;
}

/** One bracketed citation as it stands in the text, numbered once the whole article is parsed. */
export interface CitationMeta {
  readonly items: readonly CiteItem[];
  /** Per item: its reference number and which of that source's citations it is (1, 2, …). Unset inside plain footnotes. */
  refs?: { number: number; occurrence: number }[];
  /** Inside a plain footnote a citation is written in the text's style ("(Barnouw 1993, 139)"): its cluster's index. */
  cluster?: number;
}

/** What parsing collects about an article, in markdown-it's env so every rule can add to it. */
export interface WikiEnv {
  readonly wiki: {
    readonly links: Set<string>;
    readonly categories: Set<string>;
    readonly navboxes: Set<string>;
    /** Every cited key in order of first citation in the text (before those only in footnotes). */
    readonly citeKeys: string[];
    /** Times each numbered source is cited in the text. */
    readonly citeCounts: Map<string, number>;
    readonly clusters: CitationMeta['items'][];
    readonly headings: Heading[];
  };
  /** Set for each render; read by the renderer rules only. */
  ctx?: unknown;
}

export const newEnv = (): WikiEnv => ({
  wiki: { links: new Set(), categories: new Set(), navboxes: new Set(), citeKeys: [], citeCounts: new Map(), clusters: [], headings: [] },
});
