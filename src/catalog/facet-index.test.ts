import { describe, expect, it } from 'vitest';
import type { BrowseQuery } from './catalog.types.ts';
import { FacetIndex, type FacetMembership, type IndexedFilm } from './facet-index.ts';

const film = (id: number, year: number, sortTitle: string, createdAt: string): IndexedFilm => ({ id, decade: Math.floor(year / 10) * 10, year, sortTitle, createdAt });
const films = [film(1, 1922, 'nanook', '2026-01-01'), film(2, 1936, 'plow', '2026-01-02'), film(3, 1938, 'river', '2026-01-03'), film(4, 1921, 'manhatta', '2026-01-04')];
const member = (filmId: number, facet: FacetMembership['facet'], value: string): FacetMembership => ({ filmId, facet, value, label: value.toUpperCase() });
const memberships = [
  member(1, 'country', 'US'), member(1, 'country', 'FR'), member(2, 'country', 'US'), member(3, 'country', 'US'), member(4, 'country', 'US'),
  member(2, 'subject', 'dust'), member(3, 'subject', 'river'), member(2, 'subject', 'new-deal'), member(3, 'subject', 'new-deal'),
];
const index = new FacetIndex(films, memberships, (_f, v) => `${v}s`);
const q = (over: Partial<BrowseQuery> = {}): BrowseQuery => ({ page: 1, perPage: 10, sort: 'title', ...over });

describe('FacetIndex', () => {
  it('lists films in each sort order, a page at a time', () => {
    expect(index.query(q()).ids).toEqual([4, 1, 2, 3]);
    expect(index.query(q({ sort: 'year' })).ids).toEqual([4, 1, 2, 3]);
    expect(index.query(q({ sort: 'added' })).ids).toEqual([4, 3, 2, 1]);
    expect(index.query(q({ perPage: 3, page: 2 })).ids).toEqual([3]);
    expect(index.query(q({ perPage: 3, page: 2 })).total).toBe(4);
  });

  it('counts each facet over the films that match the other filters', () => {
    const r = index.query(q({ decade: 1930, subject: 'new-deal' }));
    expect(r.ids).toEqual([2, 3]);
    expect(r.facets.decade).toEqual([{ value: '1930', label: '1930s', count: 2 }]);
    expect(r.facets.subject).toEqual([{ value: 'new-deal', label: 'NEW-DEAL', count: 2 }, { value: 'dust', label: 'DUST', count: 1 }, { value: 'river', label: 'RIVER', count: 1 }]);
    expect(r.facets.country).toEqual([{ value: 'US', label: 'US', count: 2 }]);
    const fr = index.query(q({ country: 'FR' }));
    expect(fr.ids).toEqual([1]);
    expect(fr.facets.country).toEqual([{ value: 'US', label: 'US', count: 4 }, { value: 'FR', label: 'FR', count: 1 }]);
  });

  it('matches nothing for an unused value, still counting that facet for switching', () => {
    const r = index.query(q({ country: 'DE' }));
    expect(r.ids).toEqual([]);
    expect(r.total).toBe(0);
    expect(r.facets.country.map((c) => c.value)).toEqual(['US', 'FR']);
    expect(r.facets.decade).toEqual([]);
  });
});
