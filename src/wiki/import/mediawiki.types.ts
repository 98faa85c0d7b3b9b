import type { CslItem } from './csl.types.ts';

/** One revision of a page as a MediaWiki XML export gives it. */
export interface ExportRevision {
  /** The revision's id on the source wiki; null when the export leaves it out. */
  readonly id: number | null;
  /** ISO 8601 in UTC, as `Date#toISOString` writes it. */
  readonly timestamp: string;
  /** The user name, or the IP address of an anonymous edit, or '' when the wiki hid it. */
  readonly contributor: string;
  /** The edit summary, '' when there was none or it was hidden. */
  readonly comment: string;
  /** The wikitext, '' when it was hidden or not included in the export. */
  readonly text: string;
  readonly minor: boolean;
}

/** One page of an export, its revisions oldest first. */
export interface ExportPage {
  readonly title: string;
  /** The namespace number: 0 for articles, 14 for categories, 1 for talk pages… */
  readonly ns: number;
  /** The redirect's target, when the page is a redirect. */
  readonly redirect?: string;
  readonly revisions: readonly ExportRevision[];
}

/** What `readMediaWikiExport` reads from a dump: the wiki's name and its pages. */
export interface ExportDump {
  readonly siteName?: string;
  readonly pages: readonly ExportPage[];
}

/** One revision ready to be written as a Kinora article revision. */
export interface PlannedRevision {
  readonly markup: string;
  readonly summary: string;
  readonly author: string;
  readonly timestamp: string;
  readonly sourceRevisionId: number | null;
}

/** An article or category page to import, with what its conversion could not carry over. */
export interface PlannedPage {
  readonly title: string;
  readonly revisions: readonly PlannedRevision[];
  /** One line per construct that was dropped or kept as text, the newest revision's first. */
  readonly unconverted: readonly string[];
  /** The sources cited by the newest revision. */
  readonly sources: readonly CslItem[];
}

/** A page of the dump that will not be imported, and why. */
export interface SkippedPage {
  readonly title: string;
  readonly ns: number;
  readonly reason: string;
}

/** What importing a dump would do, computed without touching the database. */
export interface ImportPlan {
  readonly pages: readonly PlannedPage[];
  readonly skipped: readonly SkippedPage[];
}
