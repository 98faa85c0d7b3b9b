export * from './browse.parse.ts';
export * from './catalog.format.ts';
export type { ImportOptions, ImportReport, Tally } from './catalog.importer.ts';
export { parseCatalogDocument } from './catalog.importer.ts';
export * from './catalog.service.ts';
export * from './catalog.types.ts';
export type { CollectionListing } from './collection.store.ts';
export { countryName, languageName } from './names.ts';
