import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { KINORA_BIN as BIN, runKinora } from './support/cli.ts';
import { aCatalog, aFilm, aPerson } from './support/factories.ts';

const dirs: string[] = [];
const tempDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'kinora-cli-'));
  dirs.push(d);
  return d;
};
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const kinora = (args: string[], env: Record<string, string>) => runKinora(args, { env });

/** Starts `kinora serve` on a free port and resolves once it listens. */
function serve(env: Record<string, string>, cwd?: string): Promise<{ child: ChildProcess; base: string; stop: () => Promise<void> }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, 'serve', '--port', '0', '--host', '127.0.0.1'], { cwd, env: { ...process.env, KINORA_LOG_LEVEL: 'info', ...env } });
    let buffer = '';
    const timer = setTimeout(() => reject(new Error(`serve did not start: ${buffer}`)), 60_000);
    child.stdout.on('data', (d) => {
      buffer += d;
      const line = buffer.split('\n').find((l) => l.includes('Kinora is serving'));
      if (!line) return;
      clearTimeout(timer);
      const { address } = JSON.parse(line) as { address: string };
      resolve({
        child,
        base: address,
        stop: () => new Promise((done) => {
          child.once('close', () => done());
          child.kill('SIGTERM');
        }),
      });
    });
    child.on('close', (code) => reject(new Error(`serve exited with ${code}: ${buffer}`)));
  });
}

describe('kinora CLI', () => {
  it('prints help for the program and every command', async () => {
    const top = await kinora(['--help'], {});
    expect(top.code).toBe(0);
    for (const cmd of ['serve', 'migrate', 'import', 'export']) expect(top.out).toContain(cmd);
    for (const cmd of ['serve', 'migrate', 'import', 'export']) {
      const r = await kinora([cmd, '--help'], {});
      expect(r.code, cmd).toBe(0);
      expect(r.out, cmd).toContain(`Usage: kinora ${cmd}`);
    }
    expect((await kinora(['frobnicate'], {})).code).toBe(2);
  });

  it('migrates, imports, rejects a bad file with every error and exports', async () => {
    const data = tempDir();
    const env = { KINORA_DATA_DIR: data };
    const migrated = await kinora(['migrate'], env);
    expect(migrated.code).toBe(0);
    expect(migrated.out).toContain('0001-catalog: Success');

    const bad = join(data, 'bad.json');
    writeFileSync(bad, JSON.stringify(aCatalog({ films: [aFilm({ slug: 'ok-film' }), { ...aFilm(), credits: [{ person: 'x', role: 'directer' as 'director' }] }, { ...aFilm(), runtimeMinutes: -3 }] })));
    const rejected = await kinora(['import', bad], env);
    expect(rejected.code).toBe(1);
    expect(rejected.err).toContain('films[1].credits[0].role: unknown role "directer"');
    expect(rejected.err).toContain('films[2].runtimeMinutes: must be >= 1');
    const empty = JSON.parse((await kinora(['export'], env)).out);
    expect(empty.films).toEqual([]);

    const broken = join(data, 'broken.json');
    writeFileSync(broken, '{"format": "kinora-catalog", ');
    const notJson = await kinora(['import', broken], env);
    expect(notJson.code).toBe(1);
    expect(notJson.err).toContain('not valid JSON');
    expect((await kinora(['import', join(data, 'absent.json')], env)).err).toContain('no such file');

    const good = join(data, 'good.json');
    const doc = aCatalog({ people: [aPerson({ slug: 'cli-person' })], films: [aFilm({ slug: 'cli-film', credits: [{ person: 'cli-person', role: 'director' }] })] });
    writeFileSync(good, JSON.stringify(doc));
    const imported = await kinora(['import', good], env);
    expect(imported.code, imported.err).toBe(0);
    expect(imported.out).toContain('films: 1 created, 0 updated, 0 unchanged');
    const out = join(data, 'export.json');
    expect((await kinora(['export', '-o', out], env)).code).toBe(0);
    const exported = JSON.parse(readFileSync(out, 'utf8'));
    expect(exported.films).toEqual(doc.films);
    expect(exported.people).toEqual(doc.people);
  });

  it('lists every configuration problem and exits 1', async () => {
    const r = await kinora(['migrate'], { KINORA_PORT: 'eighty', KINORA_LOG_LEVEL: 'chatty' });
    expect(r.code).toBe(1);
    expect(r.err).toContain('KINORA_PORT');
    expect(r.err).toContain('KINORA_LOG_LEVEL');
  });

  it('serves the demo on a new data folder and keeps the data on the next start', async () => {
    const data = tempDir();
    const env = { KINORA_DATA_DIR: data };
    const first = await serve(env);
    try {
      const page = await fetch(`${first.base}/films/the-river`);
      expect(page.status).toBe(200);
      expect((await (await fetch(`${first.base}/healthz`)).json()).status).toBe('ok');
    } finally {
      await first.stop();
    }
    // An edit made between starts must survive: the demo is not loaded again into an existing folder.
    const edit = join(data, 'edit.json');
    const exported = JSON.parse((await kinora(['export'], env)).out);
    const river = exported.films.find((f: { slug: string }) => f.slug === 'the-river');
    writeFileSync(edit, JSON.stringify(aCatalog({ films: [{ ...river, synopsis: 'Edited between two starts.', releases: undefined }] })));
    expect((await kinora(['import', edit], env)).code).toBe(0);
    // Started from another folder this time: the launcher must not depend on the working directory.
    const second = await serve(env, tmpdir());
    try {
      expect((await fetch(`${second.base}/films/the-river`)).status).toBe(200);
      const film = await (await fetch(`${second.base}/api/v1/films/the-river`)).json();
      expect(film.synopsis).toBe('Edited between two starts.');
      const list = await (await fetch(`${second.base}/api/v1/films`)).json();
      expect(list.total).toBe(exported.films.length);
    } finally {
      await second.stop();
    }
  });
});
