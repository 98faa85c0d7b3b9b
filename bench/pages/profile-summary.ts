/**
 * Summarises V8 CPU profiles (`node --cpu-prof`): where the time goes by layer (SQLite, Kysely,
 * preact, Fastify, …), the top functions by self time, and Kinora's own functions by total time.
 *
 *   npx tsx bench/pages/profile-summary.ts bench/out/pages/profile/film/*.cpuprofile
 *
 * Of several profiles (one per thread), only the busiest is summarised: that is the server's.
 */
import { readFile } from 'node:fs/promises';

interface CallFrame {
  readonly functionName: string;
  readonly url: string;
  readonly lineNumber: number;
}
interface ProfileNode {
  readonly id: number;
  readonly callFrame: CallFrame;
  readonly children?: readonly number[];
}
interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
}

/** better-sqlite3's native methods, which appear in profiles as frames without a script. */
const SQLITE_NATIVE = new Set(['all', 'get', 'run', 'iterate', 'prepare', 'raw', 'pluck', 'columns', 'safeIntegers']);

/** Layers recognised by script URL, in the order they are tried. */
const LAYERS: readonly (readonly [RegExp, string])[] = [
  [/node_modules\/kysely\/.*query-compiler/, 'Kysely: SQL compilation'],
  [/node_modules\/kysely\/.*(dialect|driver)/, 'Kysely: driver and connection'],
  [/node_modules\/kysely\//, 'Kysely: query builders, nodes, plugins'],
  [/node_modules\/better-sqlite3\//, 'better-sqlite3 (JS side)'],
  // better-sqlite3's statement methods get no frame of their own: SQLite's time is the caller's self time.
  [/\/src\/db\//, 'SQLite, via src/db (statement execution lands here)'],
  [/node_modules\/preact-render-to-string\//, 'preact-render-to-string'],
  [/node_modules\/preact\//, 'preact (createElement, JSX runtime)'],
  [/node_modules\/(fastify|find-my-way|light-my-request|avvio|@fastify|fast-querystring|fast-json-stringify|secure-json-parse|abstract-logging|process-warning|toad-cache|fast-decode-uri-component)\//, 'Fastify'],
  [/node_modules\/(pino|sonic-boom|thread-stream|fast-redact|quick-format-unescaped)\//, 'pino (logging)'],
  [/node_modules\/(tsx|esbuild|get-tsconfig)\//, 'tsx loader'],
  [/\/src\/web\//, 'Kinora src/web (pages, components)'],
  [/\/src\/catalog\//, 'Kinora src/catalog'],
  [/\/src\/search\//, 'Kinora src/search'],
  [/\/src\//, 'Kinora src (other)'],
  [/^node:|internal\//, 'Node core (http, net, streams, timers)'],
  [/node_modules\//, 'other packages'],
];

const layerOf = (url: string) => LAYERS.find(([re]) => re.test(url))?.[1];
const where = (f: CallFrame) => {
  if (!f.url) return '(native)';
  const short = f.url.replace(/^file:\/\//, '').replace(/^.*\/node_modules\//, '').replace(/^.*\/(src\/)/, '$1');
  return `${short}:${f.lineNumber + 1}`;
};
const pct = (part: number, whole: number) => `${((100 * part) / whole).toFixed(1).padStart(5)} %`;
const ms = (us: number) => `${(us / 1000).toFixed(0).padStart(7)} ms`;

/** Microseconds the profile's thread spent outside `(idle)`. */
function busyTime(profile: CpuProfile): number {
  const idle = new Set(profile.nodes.filter((n) => n.callFrame.functionName === '(idle)').map((n) => n.id));
  return profile.samples.reduce((sum, id, i) => sum + (idle.has(id) ? 0 : profile.timeDeltas[i] ?? 0), 0);
}

function summarise(profiles: readonly CpuProfile[]): string {
  const byLayer = new Map<string, number>();
  const selfByFunction = new Map<string, number>();
  const totalByKinoraFunction = new Map<string, number>();
  let busy = 0;
  let idle = 0;
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);

  for (const profile of profiles) {
    const byId = new Map(profile.nodes.map((n) => [n.id, n]));
    const parent = new Map<number, number>();
    for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
    const stackOf = (id: number) => {
      const stack: ProfileNode[] = [];
      for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) stack.push(byId.get(at)!);
      return stack; // leaf first
    };
    profile.samples.forEach((id, i) => {
      const us = profile.timeDeltas[i] ?? 0;
      const stack = stackOf(id);
      const leaf = stack[0]!.callFrame;
      if (leaf.functionName === '(idle)') {
        idle += us;
        return;
      }
      busy += us;
      add(selfByFunction, `${leaf.functionName || '(anonymous)'}  ${where(leaf)}`, us);

      let layer: string;
      if (leaf.functionName === '(garbage collector)') layer = 'garbage collection';
      else if (leaf.functionName === '(program)') layer = 'V8 / native, outside JS ("(program)")';
      else {
        const known = stack.find((n) => n.callFrame.url && layerOf(n.callFrame.url));
        const knownLayer = known ? layerOf(known.callFrame.url)! : 'V8 builtins, no known caller';
        // A native leaf called from Kysely's SQLite driver is SQLite itself, preparing or stepping a statement.
        if (!leaf.url && SQLITE_NATIVE.has(leaf.functionName) && /kysely\/.*sqlite/.test(known?.callFrame.url ?? ''))
          layer = leaf.functionName === 'prepare' ? 'SQLite: prepare (parse + plan each query)' : 'SQLite: execute (step, read rows)';
        else layer = knownLayer;
      }
      add(byLayer, layer, us);

      const seen = new Set<string>();
      for (const n of stack) {
        if (!/\/src\//.test(n.callFrame.url)) continue;
        const key = `${n.callFrame.functionName || '(anonymous)'}  ${where(n.callFrame)}`;
        if (!seen.has(key)) add(totalByKinoraFunction, key, us);
        seen.add(key);
      }
    });
  }

  const lines: string[] = [];
  const top = (m: Map<string, number>, n: number) => [...m].sort((a, b) => b[1] - a[1]).slice(0, n);
  lines.push(`busy ${ms(busy)}, idle ${ms(idle)} (${pct(idle, busy + idle).trim()} of the run idle)`);
  lines.push('', 'Self time by layer (a sample counts for the nearest recognised frame on its stack):');
  for (const [k, v] of top(byLayer, 30)) lines.push(`  ${pct(v, busy)} ${ms(v)}  ${k}`);
  lines.push('', 'Top functions by self time:');
  for (const [k, v] of top(selfByFunction, 25)) lines.push(`  ${pct(v, busy)} ${ms(v)}  ${k}`);
  lines.push('', "Kinora's own functions by total time (self + callees):");
  for (const [k, v] of top(totalByKinoraFunction, 20)) lines.push(`  ${pct(v, busy)} ${ms(v)}  ${k}`);
  return `${lines.join('\n')}\n`;
}

async function main(): Promise<void> {
  const files = process.argv.slice(2);
  if (files.length === 0) throw new Error('usage: profile-summary.ts <file.cpuprofile>…');
  const profiles = await Promise.all(files.map(async (f) => JSON.parse(await readFile(f, 'utf8')) as CpuProfile));
  // Node writes one profile per thread (tsx's module loader runs in a worker); the server is the busiest.
  const [main, ...others] = [...profiles].sort((a, b) => busyTime(b) - busyTime(a));
  if (others.length) process.stdout.write(`(main thread only; ${others.length} other thread profile(s) left out, busy ${others.map((p) => ms(busyTime(p)).trim()).join(', ')})\n`);
  process.stdout.write(summarise([main!]));
}

main().catch((e: unknown) => {
  process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
  process.exitCode = 1;
});
