import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseCatalogDocument } from './catalog.importer.ts';
import { catalogJsonSchema } from './catalog.schema-doc.ts';

describe('docs/catalog.schema.json', () => {
  it('is generated from the format definition (run `npm run docs:schema` after changing it)', () => {
    expect(readFileSync(new URL('../../docs/catalog.schema.json', import.meta.url), 'utf8')).toBe(catalogJsonSchema());
  });

  it('accepts the demo catalog', () => {
    const demo: unknown = JSON.parse(readFileSync(new URL('../../demo/catalog.json', import.meta.url), 'utf8'));
    expect(() => parseCatalogDocument(demo)).not.toThrow();
  });
});
