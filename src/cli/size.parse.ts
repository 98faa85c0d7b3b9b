/** Parses a byte size given on the command line: `262144`, `256K`, `1M`, `16MiB`. */
export function parseSize(text: string): number | undefined {
  const m = /^(\d{1,12})\s*([kmg]?)(i?b)?$/i.exec(text.trim());
  if (!m) return undefined;
  const unit = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3 }[m[2]!.toLowerCase() as '' | 'k' | 'm' | 'g'];
  const value = Number(m[1]) * unit;
  return Number.isSafeInteger(value) ? value : undefined;
}
