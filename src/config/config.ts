import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';

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
  /** Largest file a contributor may upload as (part of) a release through the web, in bytes. */
  readonly uploadBytes: number;
  /** The CSL style of wiki bibliographies: a built-in name or an absolute path to a .csl file. */
  readonly citationStyle: string;
  /** Tracker announce URLs put in served torrents and magnet links. */
  readonly trackers: readonly string[];
  /** Base URLs of mirrors serving the same `/files/` tree, added to torrents as extra web seeds. */
  readonly webSeedMirrors: readonly string[];
  readonly tracker: TrackerConfig;
}

/** The built-in BitTorrent tracker (see docs/tracker.md). */
export interface TrackerConfig {
  readonly enabled: boolean;
  /** UDP port (BEP 15); 0: no UDP tracker. */
  readonly udpPort: number;
  readonly store: 'memory' | 'redis';
  readonly redisUrl: string;
  /** Prefix of every Redis key, so several archives can share one Redis. */
  readonly redisPrefix: string;
  readonly intervalSeconds: number;
  readonly maxNumwant: number;
  /** Requests a second allowed per client address (bursts of 4×); 0: no limit. */
  readonly ratePerSecond: number;
  /** Header carrying the client's address, set by a trusted reverse proxy; undefined: the socket's. */
  readonly ipHeader: string | undefined;
  readonly udpReceiveBufferBytes: number;
  readonly connectionIdSeconds: number;
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
  { env: 'KINORA_API_TOKEN', file: 'apiToken', default: '(unset)', doc: 'The archive\'s own bearer token for the JSON API: acts as the archive itself (every role), for the operator\'s scripts. Readers and contributors use personal tokens instead.' },
  { env: 'KINORA_CACHE_MB', file: 'cacheMb', default: '64', doc: 'Memory (MiB) for caches of rendered pages and search/browse results, invalidated by every catalog write; `0` turns caching off.' },
  { env: 'KINORA_CSL_STYLE', file: 'citationStyle', default: 'chicago-author-date', doc: 'Citation style of wiki bibliographies: chicago-author-date, apa, or an absolute path to a CSL style file.' },
  { env: 'KINORA_UPLOAD_MB', file: 'uploadMb', default: '16384', doc: 'Largest file (MiB) contributors may upload as a release through the web; larger ones are refused (413) and nothing is kept.' },
  { env: 'KINORA_TRACKERS', file: 'trackers', default: '(unset)', doc: 'Comma-separated tracker announce URLs (http, https or udp) written into served torrents and magnet links. Unset: the built-in tracker\'s HTTP and UDP announce URLs, when it runs.' },
  { env: 'KINORA_WEBSEED_MIRRORS', file: 'webSeedMirrors', default: '(unset)', doc: 'Comma-separated base URLs of mirrors that serve the same `/files/` tree; each becomes an extra web seed.' },
  { env: 'KINORA_TRACKER', file: 'tracker', default: '1', doc: '`1` runs the built-in tracker (`/announce`, `/scrape`, UDP) and, unless `KINORA_TRACKERS` is set, names it in served torrents; `0` turns it off.' },
  { env: 'KINORA_TRACKER_UDP_PORT', file: 'trackerUdpPort', default: '6969', doc: 'UDP port of the tracker (BEP 15), on the same host address as the web server; `0` turns UDP off.' },
  { env: 'KINORA_TRACKER_STORE', file: 'trackerStore', default: 'memory', doc: '`memory`: swarms in this process; `redis`: in Redis, shared by every Kinora or `kinora tracker` process using it.' },
  { env: 'KINORA_REDIS_URL', file: 'redisUrl', default: 'redis://127.0.0.1:6379', doc: 'Redis for `KINORA_TRACKER_STORE=redis`.' },
  { env: 'KINORA_REDIS_PREFIX', file: 'redisPrefix', default: 'kinora:', doc: 'Prefix of the tracker\'s Redis keys; archives sharing one Redis need different ones.' },
  { env: 'KINORA_TRACKER_INTERVAL', file: 'trackerInterval', default: '1800', doc: 'Seconds between a peer\'s announces (`interval`; `min interval` is half of it); peers silent for 1.5× this are dropped.' },
  { env: 'KINORA_TRACKER_MAX_NUMWANT', file: 'trackerMaxNumwant', default: '200', doc: 'Most peers given in one answer (`numwant` is 50 unless the client asks).' },
  { env: 'KINORA_TRACKER_RATE', file: 'trackerRate', default: '50', doc: 'Tracker requests a second allowed per client address, in bursts of up to 4×; more are refused (UDP: dropped); `0`: no limit.' },
  { env: 'KINORA_TRACKER_IP_HEADER', file: 'trackerIpHeader', default: '(unset)', doc: 'Behind a reverse proxy: the header carrying the client\'s address (its last entry), e.g. `x-forwarded-for`. Unset: the connection\'s address.' },
  { env: 'KINORA_TRACKER_UDP_BUFFER_KB', file: 'trackerUdpBufferKb', default: '4096', doc: 'UDP receive buffer (SO_RCVBUF) in KiB; the kernel caps it at `net.core.rmem_max`.' },
  { env: 'KINORA_TRACKER_CONNECTION_SECONDS', file: 'trackerConnectionSeconds', default: '120', doc: 'How long a UDP connection id stays valid: between half of this and this (BEP 15 asks for at least 60).' },
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

  const uploadText = raw('KINORA_UPLOAD_MB') ?? '16384';
  const uploadMb = Number(uploadText);
  if (!/^\d+$/.test(uploadText) || uploadMb < 1 || uploadMb > 1_048_576) problems.push(`KINORA_UPLOAD_MB: "${uploadText}" must be a whole number of MiB from 1 to 1048576`);
  const citationStyle = raw('KINORA_CSL_STYLE') ?? 'chicago-author-date';
  if (!['chicago-author-date', 'apa'].includes(citationStyle) && !(isAbsolute(citationStyle) && citationStyle.endsWith('.csl'))) problems.push(`KINORA_CSL_STYLE: "${citationStyle}" must be chicago-author-date, apa, or an absolute path to a .csl file`);
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
  const explicitTrackers = urlList('KINORA_TRACKERS', ['http:', 'https:', 'udp:']);
  const webSeedMirrors = urlList('KINORA_WEBSEED_MIRRORS', ['http:', 'https:']);

  const whole = (envName: string, fallback: string, min: number, max: number): number => {
    const text = raw(envName) ?? fallback;
    const n = Number(text);
    if (!/^\d+$/.test(text) || n < min || n > max) {
      problems.push(`${envName}: "${text}" must be a whole number from ${min} to ${max}`);
      return Number(fallback);
    }
    return n;
  };
  const trackerText = (raw('KINORA_TRACKER') ?? '1').toLowerCase();
  const trackerOn = ({ '1': true, true: true, on: true, '0': false, false: false, off: false } as Record<string, boolean>)[trackerText];
  if (trackerOn === undefined) problems.push(`KINORA_TRACKER: "${trackerText}" must be 1 or 0`);
  const storeText = raw('KINORA_TRACKER_STORE') ?? 'memory';
  if (storeText !== 'memory' && storeText !== 'redis') problems.push(`KINORA_TRACKER_STORE: "${storeText}" must be memory or redis`);
  const redisUrl = raw('KINORA_REDIS_URL') ?? 'redis://127.0.0.1:6379';
  if (!/^rediss?:\/\//.test(redisUrl)) problems.push(`KINORA_REDIS_URL: "${redisUrl}" must start with redis:// or rediss://`);
  const ipHeader = raw('KINORA_TRACKER_IP_HEADER')?.toLowerCase();
  if (ipHeader !== undefined && !/^[a-z0-9-]+$/.test(ipHeader)) problems.push(`KINORA_TRACKER_IP_HEADER: "${ipHeader}" is not a header name`);
  const tracker: TrackerConfig = Object.freeze({
    enabled: trackerOn ?? true,
    udpPort: whole('KINORA_TRACKER_UDP_PORT', '6969', 0, 65535),
    store: storeText === 'redis' ? 'redis' : 'memory',
    redisUrl,
    redisPrefix: raw('KINORA_REDIS_PREFIX') ?? 'kinora:',
    intervalSeconds: whole('KINORA_TRACKER_INTERVAL', '1800', 10, 86400),
    maxNumwant: whole('KINORA_TRACKER_MAX_NUMWANT', '200', 1, 1000),
    ratePerSecond: whole('KINORA_TRACKER_RATE', '50', 0, 1_000_000),
    ipHeader,
    udpReceiveBufferBytes: whole('KINORA_TRACKER_UDP_BUFFER_KB', '4096', 64, 1_048_576) * 1024,
    connectionIdSeconds: whole('KINORA_TRACKER_CONNECTION_SECONDS', '120', 60, 3600),
  });
  // Served torrents name the archive's own tracker unless the administrator lists trackers.
  const udpHost = (() => {
    try {
      return new URL(publicUrl).hostname;
    } catch {
      return 'localhost';
    }
  })();
  const trackers = explicitTrackers.length > 0 || !tracker.enabled ? explicitTrackers : [`${publicUrl}/announce`, ...(tracker.udpPort > 0 ? [`udp://${udpHost}:${tracker.udpPort}/announce`] : [])];

  if (problems.length > 0) throw new ConfigError(problems);
  return Object.freeze({
    port, host, publicUrl, dataDir, database: Object.freeze(database), logLevel, demo: demo!, apiToken, cacheBytes: cacheMb * 1024 * 1024, uploadBytes: uploadMb * 1024 * 1024, citationStyle,
    trackers: Object.freeze(trackers), webSeedMirrors: Object.freeze(webSeedMirrors), tracker,
  });
}
