/**
 * Writes a synthetic catalog as `kinora import` files, plus the film paths the benchmark requests.
 *
 *   npx tsx bench/pages/generate.ts --out bench/out/catalog [--films 100000] [--per-file 0] [--seed 1895]
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DEFAULT_OPTIONS, generateCatalog, toDocuments } from './synthetic-catalog.ts';

const USAGE = 'usage: generate.ts --out <dir> [--films N] [--people N] [--collections N] [--seed N] [--per-file N] [--sample N]';

function positive(name: string, text: string | undefined, fallback: number, min = 1): number {
  if (text === undefined) return fallback;
  const n = Number(text);
  if (!Number.isInteger(n) || n < min) throw new Error(`--${name}: "${text}" is not a whole number ≥ ${min}\n${USAGE}`);
  return n;
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      out: { type: 'string' },
      films: { type: 'string' },
      people: { type: 'string' },
      collections: { type: 'string' },
      seed: { type: 'string' },
      'per-file': { type: 'string' },
      sample: { type: 'string' },
    },
  });
  if (!values.out) throw new Error(USAGE);
  const options = {
    films: positive('films', values.films, DEFAULT_OPTIONS.films),
    people: positive('people', values.people, DEFAULT_OPTIONS.people),
    collections: positive('collections', values.collections, DEFAULT_OPTIONS.collections, 0),
    seed: positive('seed', values.seed, DEFAULT_OPTIONS.seed, 0),
  };
  const perFile = positive('per-file', values['per-file'], 0, 0);
  const sample = positive('sample', values.sample, 2000);
  const out = resolve(values.out);

  const started = performance.now();
  const catalog = generateCatalog(options);
  const docs = toDocuments(catalog, perFile);

  // Old parts would be imported too, so the folder is emptied of them first.
  await mkdir(out, { recursive: true });
  for (const name of await readdir(out)) if (/^catalog-\d+\.json$/.test(name)) await rm(join(out, name));
  let bytes = 0;
  for (const [i, doc] of docs.entries()) {
    const json = JSON.stringify(doc);
    bytes += Buffer.byteLength(json);
    await writeFile(join(out, `catalog-${String(i).padStart(3, '0')}.json`), json);
  }
  // An even spread over the whole catalog, so requests touch rows all over the database file.
  const step = Math.max(1, Math.floor(catalog.films.length / sample));
  const paths = catalog.films.filter((_, i) => i % step === 0).slice(0, sample).map((f) => `/films/${f.slug}`);
  await writeFile(join(out, 'film-paths.txt'), `${paths.join('\n')}\n`);

  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stdout.write(
    `${catalog.films.length} films, ${catalog.people.length} people, ${catalog.subjects.length} subjects, ${catalog.collections.length} collections` +
    ` in ${docs.length} file${docs.length === 1 ? '' : 's'} (${(bytes / 1e6).toFixed(0)} MB) at ${out}, ${seconds} s\n`,
  );
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
