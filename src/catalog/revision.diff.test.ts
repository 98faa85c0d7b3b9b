import { describe, expect, it } from 'vitest';
import { diffRecords } from './revision.diff.ts';

describe('revision diff', () => {
  it('names each field that changed, how, and the list items added and removed', () => {
    const before = { slug: 'f', title: 'Old', year: 1930, synopsis: 'x', countries: ['US'], credits: [{ person: 'a', role: 'director' }], originalTitle: 'Vieux' };
    const after = { slug: 'f', title: 'New', year: 1930, synopsis: 'x', runtimeMinutes: 30, countries: ['US', 'FR'], credits: [{ person: 'a', role: 'writer' }] };
    expect(diffRecords(before, after)).toEqual([
      { field: 'title', kind: 'changed', before: 'Old', after: 'New' },
      { field: 'countries', kind: 'list', added: ['FR'], removed: [], reordered: false },
      { field: 'credits', kind: 'list', added: ['person: a, role: writer'], removed: ['person: a, role: director'], reordered: false },
      { field: 'originalTitle', kind: 'cleared', before: 'Vieux', after: null },
      { field: 'runtimeMinutes', kind: 'set', before: null, after: '30' },
    ]);
  });

  it('ignores the order of keys inside items', () => {
    expect(diffRecords({ credits: [{ person: 'a', role: 'director' }] }, { credits: [{ role: 'director', person: 'a' }] })).toEqual([]);
  });

  it('sees a reordering, and treats the first version as everything set', () => {
    expect(diffRecords({ subjects: ['a', 'b'] }, { subjects: ['b', 'a'] })).toEqual([{ field: 'subjects', kind: 'list', added: [], removed: [], reordered: true }]);
    expect(diffRecords(null, { title: 'T' })).toEqual([{ field: 'title', kind: 'set', before: null, after: 'T' }]);
    expect(diffRecords({ a: 1 }, { a: 1 })).toEqual([]);
  });
});
