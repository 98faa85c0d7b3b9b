import { Type } from '@sinclair/typebox';
import type { ArticleView, ImportReport, RecentChange, RevisionDetail, RevisionSummary, SourceDetail, SourceEntry } from '../wiki/index.ts';
import { Nullable } from './presenters.ts';

/** JSON shapes of the wiki and its sources (presenters are the only place a shape is defined). */

export const RevisionJson = Type.Object({
  id: Type.Integer(),
  parentId: Nullable(Type.Integer({ description: 'The revision the edit started from.' })),
  title: Type.String({ description: 'The page\'s title when this revision was saved.' }),
  summary: Type.String(),
  author: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
  size: Type.Integer({ description: 'Bytes of markup.' }),
  sizeDelta: Type.Integer(),
  imported: Type.Boolean({ description: 'Imported from another wiki, with its author and time.' }),
});

const ProblemJson = Type.Object({ code: Type.String(), key: Type.String(), message: Type.String() });
const CoverageJson = Type.Object({ film: Type.String(), at: Nullable(Type.String()), to: Nullable(Type.String()), note: Nullable(Type.String()) });

export const ArticleJson = Type.Object({
  title: Type.String(),
  namespace: Type.String(),
  redirectedFrom: Nullable(Type.String({ description: 'Set when the title asked for is a redirect that was followed.' })),
  redirectTo: Nullable(Type.String({ description: 'Set when this page is itself a redirect.' })),
  revision: RevisionJson,
  latestRevisionId: Type.Integer(),
  html: Type.String({ description: 'The rendered article: safe HTML.' }),
  markup: Type.String(),
  categories: Type.Array(Type.String()),
  problems: Type.Array(ProblemJson, { description: 'Citations of unknown, incomplete or unreliable sources; missing navigation boxes.' }),
  frontMatter: Nullable(Type.Object({}, { additionalProperties: true })),
  films: Type.Array(CoverageJson),
  deleted: Nullable(Type.Object({ at: Type.String(), reason: Type.String() })),
});

export const presentRevision = (r: RevisionSummary) => ({
  id: r.id, parentId: r.parentId, title: r.title, summary: r.summary, author: r.authorName, createdAt: r.createdAt, size: r.size, sizeDelta: r.sizeDelta, imported: r.imported,
});

export const presentArticle = (a: ArticleView, rev: RevisionDetail) => ({
  title: a.title, namespace: a.namespace, redirectedFrom: a.redirectedFrom, redirectTo: a.redirectTo, revision: presentRevision(a.revision), latestRevisionId: a.latestRevisionId,
  html: a.html, markup: rev.markup, categories: [...a.categories], problems: a.problems.map((p) => ({ ...p })), frontMatter: a.frontMatter as Record<string, unknown> | null,
  films: a.films.map((f) => ({ ...f })), deleted: a.deleted,
});

export const RecentChangeJson = Type.Object({ ...RevisionJson.properties, page: Type.String({ description: 'The page\'s title now.' }), pageDeleted: Type.Boolean() });
export const presentChange = (c: RecentChange) => ({ ...presentRevision(c), page: c.pageTitle, pageDeleted: c.pageDeleted });

const DiffPartJson = Type.Object({ text: Type.String(), change: Type.Union([Type.Literal('same'), Type.Literal('removed'), Type.Literal('added')]) });
const DiffSideJson = Type.Object({ number: Nullable(Type.Integer()), parts: Type.Array(DiffPartJson) });
export const DiffJson = Type.Object({
  from: RevisionJson,
  to: RevisionJson,
  stats: Type.Object({ added: Type.Integer({ description: 'Words added.' }), removed: Type.Integer() }),
  rows: Type.Array(Type.Object({ kind: Type.String(), left: DiffSideJson, right: DiffSideJson }), { description: 'Lines side by side, with word-level changes.' }),
});

export const SourceJson = Type.Object({
  key: Type.String(),
  item: Type.Object({}, { additionalProperties: true, description: 'CSL-JSON without its id (the key is the id).' }),
  problems: Type.Array(Type.String(), { description: 'What the source lacks (no author, no date…).' }),
  unreliable: Nullable(Type.String({ description: 'A moderator\'s reason for marking it unreliable.' })),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
});
export const SourceDetailJson = Type.Object({
  ...SourceJson.properties,
  citedBy: Type.Array(Type.String(), { description: 'Titles of the articles that cite it.' }),
  films: Type.Array(Type.Object({ slug: Type.String(), url: Type.String(), title: Type.String(), year: Type.Integer(), note: Nullable(Type.String({ description: 'What the film\'s record takes from the source.' })) }), { description: 'The films whose record cites it.' }),
  revisions: Type.Array(Type.Object({ number: Type.Integer(), item: Type.Object({}, { additionalProperties: true }), author: Type.String(), createdAt: Type.String() })),
});
export const presentSource = (s: SourceEntry) => ({ key: s.key, item: s.item as unknown as Record<string, unknown>, problems: [...s.problems], unreliable: s.unreliable, createdAt: s.createdAt, updatedAt: s.updatedAt });
export const presentSourceDetail = (s: SourceDetail) => ({
  ...presentSource(s), citedBy: [...s.citedBy], films: s.films.map((f) => ({ slug: f.slug, url: `/films/${f.slug}`, title: f.title, year: f.year, note: f.note })), revisions: s.revisions.map((r) => ({ number: r.number, item: r.item as unknown as Record<string, unknown>, author: r.authorName, createdAt: r.createdAt })),
});

const PageImportJson = Type.Object({
  title: Type.String(),
  status: Type.Union([Type.Literal('created'), Type.Literal('updated'), Type.Literal('unchanged'), Type.Literal('skipped')], { description: 'updated: newer revisions added on top; unchanged: imported before.' }),
  revisions: Type.Integer({ description: 'Revisions written (in a dry run, that would be written).' }),
  reason: Type.Optional(Type.String({ description: 'Why a page was skipped, or which of its revisions were not imported.' })),
  unconverted: Type.Array(Type.String(), { description: 'What the conversion dropped or kept as text, one line each.' }),
  sources: Type.Object({
    created: Type.Array(Type.String()),
    existing: Type.Array(Type.String()),
    refused: Type.Array(Type.Object({ key: Type.String(), reason: Type.String() })),
  }),
});

export const WikiImportJson = Type.Object({
  siteName: Nullable(Type.String()),
  dryRun: Type.Boolean(),
  pages: Type.Array(PageImportJson),
  skipped: Type.Array(Type.Object({ title: Type.String(), ns: Type.Integer(), reason: Type.String() }), { description: 'Pages of the export not imported: talk pages, templates, files…' }),
  totals: Type.Object({ pages: Type.Integer({ description: 'Pages created or updated.' }), revisions: Type.Integer(), sources: Type.Integer({ description: 'Sources added.' }), unconverted: Type.Integer({ description: 'Things the written pages still need a person for.' }) }),
});

export const presentImport = (r: ImportReport) => ({
  siteName: r.siteName, dryRun: r.dryRun,
  pages: r.pages.map((p) => ({ ...p, unconverted: [...p.unconverted], sources: { created: [...p.sources.created], existing: [...p.sources.existing], refused: p.sources.refused.map((x) => ({ ...x })) } })),
  skipped: r.skipped.map((s) => ({ ...s })), totals: { ...r.totals },
});
