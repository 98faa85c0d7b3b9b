import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from './config.ts';

describe('loadConfig', () => {
  it('has defaults that run the embedded archive', () => {
    const c = loadConfig({}, {}, '/srv/kinora');
    expect(c).toEqual({
      port: 8080, host: 'localhost', publicUrl: 'http://localhost:8080', dataDir: '/srv/kinora/data',
      database: { kind: 'sqlite', file: '/srv/kinora/data/kinora.db' }, logLevel: 'info', demo: 'auto', apiToken: undefined, cacheBytes: 64 * 1024 * 1024, uploadBytes: 16384 * 1024 * 1024, citationStyle: 'chicago-author-date',
      trackers: ['http://localhost:8080/announce', 'udp://localhost:6969/announce'], webSeedMirrors: [],
      tracker: {
        enabled: true, udpPort: 6969, store: 'memory', redisUrl: 'redis://127.0.0.1:6379', redisPrefix: 'kinora:', intervalSeconds: 1800, maxNumwant: 200,
        ratePerSecond: 50, ipHeader: undefined, udpReceiveBufferBytes: 4096 * 1024, connectionIdSeconds: 120,
      },
    });
    expect(Object.isFrozen(c)).toBe(true);
  });

  it('reads the environment, and flags override it', () => {
    const c = loadConfig({ KINORA_PORT: '9000', KINORA_DATABASE_URL: 'postgres://u@db/kinora', KINORA_DEMO: '0', KINORA_PUBLIC_URL: 'https://films.example.org/' }, { port: '9100' }, '/x');
    expect(c.port).toBe(9100);
    expect(c.database).toEqual({ kind: 'postgres', url: 'postgres://u@db/kinora' });
    expect(c.demo).toBe('off');
    expect(c.publicUrl).toBe('https://films.example.org');
  });

  it('reads an optional JSON file, with the environment winning', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kinora-config-'));
    writeFileSync(join(dir, 'kinora.json'), JSON.stringify({ port: 7000, logLevel: 'debug', dataDir: 'store' }));
    const c = loadConfig({ KINORA_CONFIG: 'kinora.json', KINORA_LOG_LEVEL: 'warn' }, {}, dir);
    expect(c.port).toBe(7000);
    expect(c.logLevel).toBe('warn');
    expect(c.dataDir).toBe(join(dir, 'store'));
  });

  it('names the built-in tracker in torrents unless trackers are listed or it is off', () => {
    expect(loadConfig({ KINORA_PUBLIC_URL: 'https://films.example.org', KINORA_TRACKER_UDP_PORT: '0' }).trackers).toEqual(['https://films.example.org/announce']);
    expect(loadConfig({ KINORA_TRACKERS: 'udp://t.example:1337/announce' }).trackers).toEqual(['udp://t.example:1337/announce']);
    expect(loadConfig({ KINORA_TRACKER: '0' }).trackers).toEqual([]);
    const problems = (() => {
      try {
        loadConfig({ KINORA_TRACKER_STORE: 'etcd', KINORA_TRACKER_RATE: '-3', KINORA_TRACKER_UDP_PORT: '70000', KINORA_REDIS_URL: 'http://x', KINORA_TRACKER_IP_HEADER: 'x forwarded' });
        return [];
      } catch (e) {
        return (e as ConfigError).problems;
      }
    })();
    expect(problems).toHaveLength(5);
  });

  it('takes a built-in citation style or an absolute path to a .csl file, and refuses anything else', () => {
    expect(loadConfig({ KINORA_CSL_STYLE: 'apa' }).citationStyle).toBe('apa');
    expect(loadConfig({ KINORA_CSL_STYLE: '/etc/kinora/house.csl' }).citationStyle).toBe('/etc/kinora/house.csl');
    for (const bad of ['mla', 'styles/house.csl', '/etc/kinora/house.xml']) {
      expect(() => loadConfig({ KINORA_CSL_STYLE: bad })).toThrow(`KINORA_CSL_STYLE: "${bad}" must be chicago-author-date, apa, or an absolute path to a .csl file`);
    }
  });

  it('lists every problem at once', () => {
    try {
      loadConfig({ KINORA_PORT: 'http', KINORA_LOG_LEVEL: 'loud', KINORA_DATABASE_URL: 'mysql://x', KINORA_DEMO: 'maybe', KINORA_PUBLIC_URL: 'not a url', KINORA_API_TOKEN: 'short', KINORA_CACHE_MB: '-1' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      expect((e as ConfigError).problems).toHaveLength(7);
      expect((e as ConfigError).message).toContain('KINORA_PORT: "http" is not a port number');
    }
  });

  it('refuses unknown keys and unreadable files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kinora-config-'));
    writeFileSync(join(dir, 'bad.json'), JSON.stringify({ prot: 1 }));
    expect(() => loadConfig({ KINORA_CONFIG: 'bad.json' }, {}, dir)).toThrow(/unknown key "prot"/);
    expect(() => loadConfig({ KINORA_CONFIG: 'missing.json' }, {}, dir)).toThrow(/cannot read missing.json/);
  });
});

describe('the README configuration table', () => {
  it('documents every key with its default and meaning', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const { CONFIG_KEYS } = await import('./config.ts');
    for (const key of CONFIG_KEYS) {
      const shown = key.default.startsWith('(') ? key.default : `\`${key.default}\``;
      expect(readme, key.env).toContain(`| \`${key.env}\` | ${shown} | ${key.doc} |`);
    }
  });
});
