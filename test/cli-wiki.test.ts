import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { runKinora } from './support/cli.ts';

const FIXTURE = fileURLToPath(new URL('./fixtures/mediawiki/export-0.11.xml', import.meta.url));
const dir = mkdtempSync(join(tmpdir(), 'kinora-cli-wiki-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The real `kinora` command on a data folder of its own. */
const kinora = (args: string[]) => runKinora(args, { cwd: dir, env: { KINORA_DATA_DIR: join(dir, 'data'), KINORA_DEMO: '0' } });

describe('kinora wiki import', () => {
  it('reports a dry run, imports, and finds nothing to do the second time', async () => {
    const dry = await kinora(['wiki', 'import', FIXTURE, '--dry-run']);
    expect(dry.err).toBe('');
    expect(dry.code).toBe(0);
    expect(dry.out).toContain('created: Nanook of the North, 3 revisions, sources added: barnouw1993 nationalnd\n  not converted: template {{Infobox film}} dropped\n');
    expect(dry.out).toContain('not imported: Talk:Nanook of the North (namespace 1 (Talk) is not imported; only articles and categories are)\n');
    expect(dry.out.trimEnd().split('\n').at(-1)).toBe('Would write 5 pages, 9 revisions and 4 sources; 7 things left to finish by hand.');

    const real = await kinora(['wiki', 'import', FIXTURE]);
    expect(real.code).toBe(0);
    expect(real.out.trimEnd().split('\n').at(-1)).toBe('Wrote 5 pages, 9 revisions and 4 sources; 7 things left to finish by hand.');
    const again = await kinora(['wiki', 'import', FIXTURE]);
    expect(again.out).toContain('unchanged: Nanook of the North\n');
    expect(again.out.trimEnd().split('\n').at(-1)).toBe('Wrote 0 pages, 0 revisions and 0 sources; 0 things left to finish by hand.');
  });

  it('says what is wrong with a missing or broken export, and exits 1', async () => {
    const missing = await kinora(['wiki', 'import', 'nowhere.xml']);
    expect(missing.code).toBe(1);
    expect(missing.err).toBe(`error: no such file: ${join(dir, 'nowhere.xml')}\n`);
    writeFileSync(join(dir, 'broken.xml'), '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/"><page><title>Half');
    const broken = await kinora(['wiki', 'import', 'broken.xml']);
    expect(broken.code).toBe(1);
    expect(broken.err).toMatch(/^error: .*line \d+/);
  });
});
