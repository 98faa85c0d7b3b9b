export { BUILT_IN_STYLES, type Citer, createCiter, loadStyle } from './cite/citer.ts';
export { createWikiMarkdown, formatDate } from './markup/article.parse.ts';
/** Text made safe for HTML and XML content and quoted attributes. */
export { escapeHtml } from './markup/html.ts';
export type { RenderProblem } from './markup/article.render.ts';
export { ARTICLE_KINDS, type FrontMatter } from './markup/front-matter.ts';
export { type PageRenderer, createPageRenderer } from './page.renderer.ts';
export { SOURCE_KINDS, type CslItem } from './source.parse.ts';
export { type CitingFilm, type SourceDeps, type SourceDetail, type SourceEntry, type SourceService, createSourceService } from './source.service.ts';
export type { DiffPart, DiffRow, DiffSkip } from './text.diff.ts';
export { collapseContext, diffSideBySide } from './text.diff.ts';
export { type Title, normalizeTitle, parseTitle, sectionAnchor, titlePath } from './title.ts';
export { canWiki } from './wiki.policy.ts';
export { MAX_EXPORT_BYTES, MAX_MARKUP, type SaveInput, type WikiService, createWikiService } from './wiki.service.ts';
export type { ImportReport, PageImport } from './wiki.import.ts';
export type * from './wiki.types.ts';
