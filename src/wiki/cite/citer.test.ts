import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { BUILT_IN_STYLES, createCiter, loadStyle } from './citer.ts';

describe('loadStyle', () => {
  const dir = mkdtempSync(join(tmpdir(), 'kinora-csl-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('reads the built-in styles and a style file by its absolute path', () => {
    for (const name of BUILT_IN_STYLES) expect(createCiter(loadStyle(name)).styleTitle).not.toBe('CSL style');
    const file = join(dir, 'house.csl');
    writeFileSync(file, loadStyle('apa'));
    expect(loadStyle(file)).toBe(loadStyle('apa'));
  });

  it('refuses an unknown name, a missing file and a file that is not a CSL style, saying which', () => {
    expect(() => loadStyle('mla')).toThrow('Unknown citation style "mla": use chicago-author-date or apa, or an absolute path to a .csl file.');
    expect(() => loadStyle(join(dir, 'missing.csl'))).toThrow(/ENOENT/);
    const notStyle = join(dir, 'page.csl');
    writeFileSync(notStyle, '<html><body>not a style</body></html>');
    expect(() => loadStyle(notStyle)).toThrow(`${notStyle} is not a CSL style: it has no <style> element.`);
  });
});
