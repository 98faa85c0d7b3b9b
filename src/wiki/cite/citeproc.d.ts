/** The parts of citeproc-js (CommonJS, untyped) that citer.ts uses. */
declare module 'citeproc' {
  interface Sys {
    retrieveLocale(lang: string): string;
    retrieveItem(id: string): unknown;
  }
  interface BibliographyMeta {
    readonly entry_ids: readonly (readonly string[])[];
    readonly bibliography_errors: readonly unknown[];
  }
  class Engine {
    constructor(sys: Sys, style: string, lang?: string, forceLang?: boolean);
    setOutputFormat(format: 'html' | 'text' | 'rtf'): void;
    updateItems(ids: readonly string[]): void;
    makeCitationCluster(items: readonly { id: string; locator?: string; label?: string; prefix?: string; suffix?: string; 'suppress-author'?: boolean }[]): string;
    makeBibliography(): [BibliographyMeta, string[]] | false;
  }
  const CSL: { Engine: typeof Engine };
  export default CSL;
}

/** The CommonMark spec's examples (commonmark-spec, CommonJS, untyped). */
declare module 'commonmark-spec' {
  const spec: { readonly tests: readonly { readonly number: number; readonly section: string; readonly markdown: string; readonly html: string }[] };
  export default spec;
}
