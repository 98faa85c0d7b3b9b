import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
export type DemoMode = 'auto' | 'on' | 'off';

/** Where the catalog lives: an embedded SQLite file, or a PostgreSQL server. */
export type DatabaseConfig =
  | { readonly kind: 'sqlite'; readonly file: string }
  | { readonly kind: 'postgres'; readonly url: string };

/** The whole configuration of a Kinora process, read once at start and frozen. */
export interface Config {
  readonly port: number;
  readonly host: string;
  readonly publicUrl: string;
  readonly dataDir: string;
  readonly database: DatabaseConfig;
  readonly logLevel: LogLevel;
  readonly demo: DemoMode;
  readonly apiToken: string | undefined;
  /** Memory for caches of rendered pages and query results, in bytes (0: no caching). */
  readonly cacheBytes: number;
  /** Tracker announce URLs put in served torrents and magnet links. */
  readonly trackers: readonly string[];
  /** Base URLs of mirrors serving the same `/files/` tree, added to torrents as extra web seeds. */
  readonly webSeedMirrors: readonly string[];
}

/** One documented key; the README's configuration table is generated from this list. */
export interface ConfigKey {
  readonly env: string;
  readonly file: string;
  readonly default: string;
  readonly doc: string;
}

export const CONFIG_KEYS: readonly ConfigKey[] = Object.freeze([
  { env: 'KINORA_PORT', file: 'port', default: '8080', doc: 'TCP port of the web server (HTML, JSON API, files).' },
  { env: 'KINORA_HOST', file: 'host', default: 'localhost', doc: 'Address to listen on; `0.0.0.0` or `::` to accept connections from other machines.' },
  { env: 'KINORA_PUBLIC_URL', file: 'publicUrl', default: 'http://localhost:<port>', doc: 'Base URL the archive is reached at, used in links, feeds and torrents.' },
  { env: 'KINORA_DATA_DIR', file: 'dataDir', default: './data', doc: 'Folder for the SQLite file and the stored release files.' },
  { env: 'KINORA_DATABASE_URL', file: 'databaseUrl', default: '(unset)', doc: 'Unset: SQLite at `<dataDir>/kinora.db`. `sqlite:<path>` for another file, `postgres://user@host/db` for PostgreSQL.' },
  { env: 'KINORA_LOG_LEVEL', file: 'logLevel', default: 'info', doc: 'One of fatal, error, warn, info, debug, trace, silent. Logs are JSON lines on stdout.' },
  { env: 'KINORA_DEMO', file: 'demo', default: 'auto', doc: '`auto` loads the demo catalog into a new, empty database only; `1` loads it if absent; `0` never.' },
  { env: 'KINORA_API_TOKEN', file: 'apiToken', default: '(unset)', doc: 'Bearer token that allows writes through the JSON API (`PUT`, `POST /import`). Unset: the API is read-only.' },
  { env: 'KINORA_CACHE_MB', file: 'cacheMb', default: '64', doc: 'Memory (MiB) for caches of rendered pages and search/browse results, invalidated by every catalog write; `0` turns caching off.' },
  { env: 'KINORA_TRACKERS', file: 'trackers', default: '(unset)', doc: 'Comma-separated tracker announce URLs (http, https or udp) written into served torrents and magnet links.' },
  { env: 'KINORA_WEBSEED_MIRRORS', file: 'webSeedMirrors', default: '(unset)', doc: 'Comma-separated base URLs of mirrors that serve the same `/files/` tree; each becomes an extra web seed.' },
  { env: 'KINORA_CONFIG', file: '-', default: '(unset)', doc: 'Path of an optional JSON file with the keys above (camelCase names); environment variables win over it.' },
]);

/** Raised with every problem found, so an administrator fixes them all in one go. */
export class ConfigError extends Error {
  readonly problems: readonly string[];
  constructor(problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

const LOG_LEVELS: readonly LogLevel[] = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/**
 * Reads the configuration from the environment and an optional JSON file (`KINORA_CONFIG`),
 * with `overrides` (from command-line flags) taking precedence over both.
 */
export function loadConfig(env: NodeJS.ProcessEnv, overrides: Partial<Record<string, string>> = {}, cwd = process.cwd()): Config {
  const problems: string[] = [];
  let file: Record<string, unknown> = {};
  const configPath = env.KINORA_CONFIG;
  if (configPath) {
    try {
      const parsed: unknown = JSON.parse(readFileSync(resolve(cwd, configPath), 'utf8'));
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) problems.push(`KINORA_CONFIG: ${configPath} must hold a JSON object`);
      else file = parsed as Record<string, unknown>;
    } catch (e) {
      problems.push(`KINORA_CONFIG: cannot read ${configPath}: ${(e as Error).message}`);
    }
    const known = new Set(CONFIG_KEYS.map((k) => k.file));
    for (const key of Object.keys(file)) if (!known.has(key)) problems.push(`${configPath}: unknown key "${key}"`);
  }

  const raw = (envName: string): string | undefined => {
    const key = CONFIG_KEYS.find((k) => k.env === envName)!;
    const fromOverride = overrides[key.file];
    if (fromOverride !== undefined) return fromOverride;
    const fromEnv = env[envName];
    if (fromEnv !== undefined && fromEnv !== '') return fromEnv;
    const fromFile = file[key.file];
    if (fromFile === undefined || fromFile === null) return undefined;
    if (typeof fromFile === 'string' || typeof fromFile === 'number' || typeof fromFile === 'boolean') return String(fromFile);
    problems.push(`${envName}: the file value must be a string or a number`);
    return undefined;
  };

  const portText = raw('KINORA_PORT') ?? '8080';
  const port = Number(portText);
  if (!/^\d+$/.test(portText) || port > 65535) problems.push(`KINORA_PORT: "${portText}" is not a port number (0–65535)`);

  const host = raw('KINORA_HOST') ?? 'localhost';

  const publicUrlText = raw('KINORA_PUBLIC_URL') ?? `http://localhost:${port}`;
  let publicUrl = publicUrlText;
  try {
    const u = new URL(publicUrlText);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') problems.push(`KINORA_PUBLIC_URL: "${publicUrlText}" must be an http or https URL`);
    publicUrl = u.href.replace(/\/+$/, '');
  } catch {
    problems.push(`KINORA_PUBLIC_URL: "${publicUrlText}" is not a URL`);
  }

  const dataDir = resolve(cwd, raw('KINORA_DATA_DIR') ?? './data');

  let database: DatabaseConfig = { kind: 'sqlite', file: resolve(dataDir, 'kinora.db') };
  const dbUrl = raw('KINORA_DATABASE_URL');
  if (dbUrl !== undefined) {
    if (/^postgres(ql)?:\/\//.test(dbUrl)) database = { kind: 'postgres', url: dbUrl };
    else if (dbUrl.startsWith('sqlite:')) database = { kind: 'sqlite', file: resolve(cwd, dbUrl.slice('sqlite:'.length)) };
    else problems.push(`KINORA_DATABASE_URL: "${dbUrl}" must start with postgres://, postgresql:// or sqlite:`);
  }

  const logLevel = (raw('KINORA_LOG_LEVEL') ?? 'info') as LogLevel;
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`KINORA_LOG_LEVEL: "${logLevel}" is not one of ${LOG_LEVELS.join(', ')}`);

  const demoText = (raw('KINORA_DEMO') ?? 'auto').toLowerCase();
  const demo: DemoMode | undefined = ({ auto: 'auto', '1': 'on', true: 'on', on: 'on', '0': 'off', false: 'off', off: 'off' } as const)[demoText as 'auto'];
  if (demo === undefined) problems.push(`KINORA_DEMO: "${demoText}" must be auto, 1 or 0`);

  const apiToken = raw('KINORA_API_TOKEN');
  if (apiToken !== undefined && apiToken.length < 16) problems.push('KINORA_API_TOKEN: must be at least 16 characters long');

  const cacheText = raw('KINORA_CACHE_MB') ?? '64';
  const cacheMb = Number(cacheText);
  if (!/^\d+$/.test(cacheText) || cacheMb > 65536) problems.push(`KINORA_CACHE_MB: "${cacheText}" must be a whole number of MiB from 0 to 65536`);

  const urlList = (envName: string, protocols: readonly string[]): string[] => {
    const items = (raw(envName) ?? '').split(',').map((s) => s.trim()).filter(Boolean);
    return items.flatMap((item) => {
      try {
        const u = new URL(item);
        if (protocols.includes(u.protocol)) return [u.href.replace(/\/+$/, '')];
      } catch {
        // reported below
      }
      problems.push(`${envName}: "${item}" is not an ${protocols.map((p) => p.slice(0, -1)).join(' or ')} URL`);
      return [];
    });
  };
  const trackers = urlList('KINORA_TRACKERS', ['http:', 'https:', 'udp:']);
  const webSeedMirrors = urlList('KINORA_WEBSEED_MIRRORS', ['http:', 'https:']);

  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({
    port, host, publicUrl, dataDir, database: Object.freeze(database), logLevel, demo: demo!, apiToken, cacheBytes: cacheMb * 1024 * 1024,
    trackers: Object.freeze(trackers), webSeedMirrors: Object.freeze(webSeedMirrors),
  });
}
