// Writes docs/catalog.schema.json from the one definition of the exchange format
// (src/catalog/catalog.format.ts). `npm run docs:schema`; a test fails when the file is stale.
import { writeFileSync } from 'node:fs';
import { catalogJsonSchema } from '../src/catalog/catalog.schema-doc.ts';

writeFileSync(new URL('../docs/catalog.schema.json', import.meta.url), catalogJsonSchema());
