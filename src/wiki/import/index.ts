/** Importing a MediaWiki XML export: read the dump, convert its wikitext, plan what to write. */
export { readMediaWikiExport, type ReadExportOptions } from './mediawiki.xml.ts';
export { planImport, normaliseTitle } from './mediawiki.import.ts';
export { convertWikitext, type WikitextConversion } from './wikitext.convert.ts';
export type { ExportDump, ExportPage, ExportRevision, ImportPlan, PlannedPage, PlannedRevision, SkippedPage } from './mediawiki.types.ts';
export type { CslDate, CslItem, CslName, CslType } from './csl.types.ts';
