import type { RenderProblem } from './markup/article.render.ts';
import type { FrontMatter } from './markup/front-matter.ts';
import type { Heading } from './markup/wiki.env.ts';

/** One revision as histories list it: who, when, why, and the size change. */
export interface RevisionSummary {
  readonly id: number;
  readonly parentId: number | null;
  readonly title: string;
  readonly summary: string;
  readonly authorName: string;
  readonly createdAt: string;
  readonly size: number;
  readonly sizeDelta: number;
  readonly imported: boolean;
}

export interface RevisionDetail extends RevisionSummary {
  readonly markup: string;
}

/** A film that covers an article's subject, and where in it. */
export interface Coverage {
  readonly film: string;
  readonly at: string | null;
  readonly to: string | null;
  readonly note: string | null;
}

/** A page as readers see it: rendered, with where it came from and what it belongs to. */
export interface ArticleView {
  readonly title: string;
  readonly namespace: string;
  /** Reached through a redirect: the title the reader asked for. */
  readonly redirectedFrom: string | null;
  /** The page itself is a redirect (shown as such when not followed, or when its target is missing). */
  readonly redirectTo: string | null;
  readonly revision: RevisionSummary;
  readonly latestRevisionId: number;
  /** The shown revision is an old one. */
  readonly old: boolean;
  readonly html: string;
  readonly problems: readonly RenderProblem[];
  readonly categories: readonly string[];
  readonly headings: readonly Heading[];
  readonly frontMatter: FrontMatter | null;
  /** Films declared in the front matter, and films whose subjects, people or places are this page. */
  readonly films: readonly Coverage[];
  readonly deleted: { readonly at: string; readonly reason: string } | null;
}

export interface SaveResult {
  readonly title: string;
  readonly revisionId: number;
  /** The page did not exist before. */
  readonly created: boolean;
  /** The text was the same as the latest revision's: nothing was written. */
  readonly unchanged: boolean;
}

export interface RecentChange extends RevisionSummary {
  /** The page's title now (a revision keeps the title it was saved under). */
  readonly pageTitle: string;
  readonly pageDeleted: boolean;
}
