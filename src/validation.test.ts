import { describe, expect, it } from 'vitest';
import { parseBrowseQuery, parseCatalogDocument, parseSearchQuery } from './catalog/index.ts';
import { isAppError } from './errors.ts';
import { mulberry32 as prng } from './prng.ts';
import { pointerToPath } from './validation.ts';


function randomValue(rand: () => number, depth = 0): unknown {
  const pick = Math.floor(rand() * (depth > 3 ? 6 : 9));
  switch (pick) {
    case 0: return null;
    case 1: return rand() < 0.5;
    case 2: return Math.floor((rand() - 0.5) * 2 ** 40);
    case 3: return rand() * 1e6;
    case 4: return String.fromCharCode(...Array.from({ length: Math.floor(rand() * 20) }, () => Math.floor(rand() * 0xffff)));
    case 5: return ['director', '1930', 'US', 'en', '../x', '', 'kinora-catalog', 'a-slug'][Math.floor(rand() * 8)];
    case 6: return Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, depth + 1));
    default: {
      const keys = ['format', 'version', 'films', 'people', 'slug', 'title', 'year', 'credits', 'role', 'person', 'subjects', '__proto__', 'constructor', 'x'];
      return Object.fromEntries(Array.from({ length: Math.floor(rand() * 5) }, () => [keys[Math.floor(rand() * keys.length)]!, randomValue(rand, depth + 1)]));
    }
  }
}

describe('pointerToPath', () => {
  it('writes JSON pointers as dotted paths', () => {
    expect(pointerToPath('/films/3/credits/0/role')).toBe('films[3].credits[0].role');
    expect(pointerToPath('')).toBe('');
    expect(pointerToPath('/a~1b/c~0d')).toBe('a/b.c~d');
  });
});

describe('parsers under random input', () => {
  it('parseCatalogDocument either accepts or throws a clear AppError', () => {
    const rand = prng(42);
    for (let i = 0; i < 3000; i++) {
      const input = i % 3 === 0 ? { format: 'kinora-catalog', version: 1, films: [randomValue(rand)] } : randomValue(rand);
      try {
        parseCatalogDocument(input);
      } catch (e) {
        expect(isAppError(e), String(e)).toBe(true);
        if (isAppError(e)) {
          expect(e.details.length).toBeGreaterThan(0);
          for (const d of e.details) expect(typeof d.message).toBe('string');
        }
      }
    }
  });

  it('query parsers either accept or throw invalid_query', () => {
    const rand = prng(7);
    const keys = ['page', 'perPage', 'sort', 'decade', 'country', 'language', 'subject', 'collection', 'q'];
    for (let i = 0; i < 5000; i++) {
      const raw = Object.fromEntries(keys.filter(() => rand() < 0.4).map((k) => [k, rand() < 0.2 ? [String(randomValue(rand)), 'x'] : String(randomValue(rand))]));
      for (const parse of [parseBrowseQuery, parseSearchQuery]) {
        try {
          const q = parse(raw);
          if ('page' in q) expect(q.page).toBeGreaterThanOrEqual(1);
        } catch (e) {
          expect(isAppError(e) && e.code === 'invalid_query', String(e)).toBe(true);
        }
      }
    }
  });
});
