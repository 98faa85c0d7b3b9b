/** The CSL-JSON item types a MediaWiki citation template maps to. */
export type CslType = 'book' | 'article-journal' | 'article-newspaper' | 'webpage';

/** A CSL-JSON person name, as the citation templates give it (`last=` / `first=`). */
export interface CslName {
  readonly family: string;
  readonly given?: string;
}

/** A CSL-JSON date: year, and month and day when the source gave them. */
export interface CslDate {
  readonly 'date-parts': readonly [readonly [number, number?, number?]];
}

/**
 * One bibliographic source in CSL-JSON, the shape citeproc reads, built from a `{{cite …}}`
 * template; only the fields the template gave are present.
 */
export interface CslItem {
  readonly id: string;
  readonly type: CslType;
  readonly title?: string;
  readonly author?: readonly CslName[];
  readonly issued?: CslDate;
  readonly publisher?: string;
  readonly 'publisher-place'?: string;
  readonly 'container-title'?: string;
  readonly edition?: string;
  readonly volume?: string;
  readonly issue?: string;
  readonly page?: string;
  readonly ISBN?: string;
  readonly DOI?: string;
  readonly URL?: string;
  readonly accessed?: CslDate;
}
