import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runKinora } from './support/cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'kinora-cli-user-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The real `kinora` command with `input` on its standard input (a pipe, not a terminal). */
const kinora = (args: string[], input: string) => runKinora(args, { env: { KINORA_DATA_DIR: dir, KINORA_DEMO: '0' }, input });

describe('kinora user', () => {
  it('creates the first admin with the password from standard input, and changes roles', async () => {
    const made = await kinora(['user', 'add', 'first-admin', '--role', 'admin'], 'a very good password\n');
    expect(made.err).toBe('');
    expect(made.out).toBe('user first-admin (admin) created\n');
    expect(made.code).toBe(0);
    const again = await kinora(['user', 'add', 'First-Admin'], 'another password!\n');
    expect(again.code).toBe(1);
    expect(again.err).toContain('The username "First-Admin" is taken.');
    const short = await kinora(['user', 'add', 'reader-one'], 'short\n');
    expect(short.code).toBe(1);
    expect(short.err).toContain('password: A password has at least 8 characters.');
    const badRole = await kinora(['user', 'add', 'reader-one', '--role', 'emperor'], 'a very good password\n');
    expect(badRole.code).toBe(1);
    expect(badRole.err).toContain('--role: "emperor" must be one of reader, contributor, moderator, admin.');
    expect((await kinora(['user', 'add', 'reader-one'], 'a very good password\n')).out).toBe('user reader-one (reader) created\n');
    const role = await kinora(['user', 'role', 'reader-one', 'moderator', '--reason', 'handles flags'], '');
    expect(role.out).toBe('user reader-one is now moderator\n');
    // The audit log, oldest first, one JSON object a line.
    const audit = await kinora(['export', '--audit'], '');
    const entries = audit.out.trim().split('\n').map((l) => JSON.parse(l) as { actor: string; action: string; reason: string; data: Record<string, unknown> });
    expect(entries.map((e) => e.action)).toEqual(['user.create', 'user.create', 'user.set_role']);
    expect(entries[2]).toMatchObject({ actor: 'cli', reason: 'handles flags', data: { username: 'reader-one', from: 'reader', to: 'moderator' } });
  });
});
