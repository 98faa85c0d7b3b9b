import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pino from 'pino';
import { type Config, loadConfig } from '../../src/config/config.ts';
import { type Archive, createArchive } from '../../src/main.ts';
import type { DialectUnderTest } from './databases.ts';

/** Password hashing at a thousandth of the real cost, so tests can make accounts by the dozen. */
export const TEST_SCRYPT = Object.freeze({ logN: 10, r: 8, p: 1 });

export interface TestArchive extends Archive {
  readonly dataDir: string;
  /** Closes the archive and deletes its database and data folder. */
  destroy(): Promise<void>;
}

/** A complete archive on its own fresh database and data folder, driven in-process (app.inject). */
export async function createTestArchive(dialect: DialectUnderTest, env: Record<string, string> = {}, clock?: () => Date): Promise<TestArchive> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kinora-data-'));
  const database = await dialect.create();
  const base: Config = loadConfig({ KINORA_DATA_DIR: dataDir, KINORA_DEMO: '0', KINORA_LOG_LEVEL: 'silent', ...env });
  const config: Config = Object.freeze({ ...base, database: database.config });
  const archive = await createArchive(config, { logger: pino({ level: 'silent' }), passwordParams: TEST_SCRYPT, ...(clock ? { clock } : {}) });
  return Object.assign(Object.create(null) as object, archive, {
    dataDir,
    async destroy() {
      await archive.close();
      await database.drop();
      rmSync(dataDir, { recursive: true, force: true });
    },
  }) as TestArchive;
}
