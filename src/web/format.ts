const UNITS = ['bytes', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/** Sizes in binary units, as file managers and torrent clients show them: 1.2 GiB, 734 KiB. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value >= 100 ? Math.round(value) : value.toFixed(1).replace(/\.0$/, '')} ${UNITS[unit]}`;
}

/** 78 → "1 h 18 min"; 45 → "45 min". */
export function formatRuntime(minutes: number): string {
  const h = Math.floor(minutes / 60);
  const m = minutes % 60;
  return h === 0 ? `${m} min` : m === 0 ? `${h} h` : `${h} h ${m} min`;
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** A possibly partial ISO date as people write it: "1926", "February 1926", "8 February 1926". */
export function formatPartialDate(date: string): string {
  const [y, m, d] = date.split('-');
  if (!m) return y ?? date;
  const month = MONTHS[Number(m) - 1] ?? m;
  return d ? `${Number(d)} ${month} ${y}` : `${month} ${y}`;
}

export const ROLE_LABELS: Readonly<Record<string, { one: string; many: string }>> = {
  director: { one: 'Director', many: 'Directors' },
  writer: { one: 'Writer', many: 'Writers' },
  producer: { one: 'Producer', many: 'Producers' },
  sponsor: { one: 'Sponsor', many: 'Sponsors' },
  narrator: { one: 'Narrator', many: 'Narrators' },
  cinematographer: { one: 'Cinematographer', many: 'Cinematographers' },
  editor: { one: 'Editor', many: 'Editors' },
  composer: { one: 'Composer', many: 'Composers' },
};

/** Builds a query string from the set parameters, leaving out empty ones and defaults. */
export function queryString(params: Record<string, string | number | undefined>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== '') q.set(k, String(v));
  const s = q.toString();
  return s ? `?${s}` : '';
}
