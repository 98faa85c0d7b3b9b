import { CatalogDocument } from './catalog.format.ts';

/** The exchange format as a standalone JSON Schema (2020-12) document, for docs/ and for editors. */
export function catalogJsonSchema(): string {
  const schema = {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    ...JSON.parse(JSON.stringify(CatalogDocument)),
  };
  return `${JSON.stringify(schema, null, 2)}\n`;
}
