/**
 * What changed between two versions of a record, field by field, for the History tab: a value
 * set, changed or cleared; for lists, the items added and removed (an item is its whole JSON, so
 * a credit whose role changed shows as one removed and one added).
 */
export type FieldChange =
  | { readonly field: string; readonly kind: 'set' | 'cleared' | 'changed'; readonly before: string | null; readonly after: string | null }
  | { readonly field: string; readonly kind: 'list'; readonly added: readonly string[]; readonly removed: readonly string[]; readonly reordered: boolean };

/** JSON with object keys sorted: two records that differ only in key order are the same record. */
const canonical = (v: unknown): string =>
  Array.isArray(v) ? `[${v.map(canonical).join(',')}]`
  : v !== null && typeof v === 'object' ? `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`
  : JSON.stringify(v) ?? 'null';
const show = (v: unknown): string => (typeof v === 'string' ? v : canonical(v));
const item = (v: unknown): string => (v !== null && typeof v === 'object' ? Object.keys(v).sort().map((k) => `${k}: ${show((v as Record<string, unknown>)[k])}`).join(', ') : show(v));

export function diffRecords(before: Readonly<Record<string, unknown>> | null, after: Readonly<Record<string, unknown>>): FieldChange[] {
  const out: FieldChange[] = [];
  const keys = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after)])];
  for (const field of keys) {
    const a = before?.[field];
    const b = after[field];
    if (canonical(a) === canonical(b)) continue;
    if (Array.isArray(a) || Array.isArray(b)) {
      const xs = (Array.isArray(a) ? a : []).map(item);
      const ys = (Array.isArray(b) ? b : []).map(item);
      const added = ys.filter((y) => !xs.includes(y));
      const removed = xs.filter((x) => !ys.includes(x));
      out.push({ field, kind: 'list', added, removed, reordered: added.length === 0 && removed.length === 0 });
    } else if (a === undefined || a === null || a === '') out.push({ field, kind: 'set', before: null, after: show(b) });
    else if (b === undefined || b === null || b === '') out.push({ field, kind: 'cleared', before: show(a), after: null });
    else out.push({ field, kind: 'changed', before: show(a), after: show(b) });
  }
  return out;
}
