import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { Command, CommanderError, Option } from 'commander';
import { type Config, ConfigError, loadConfig } from '../config/config.ts';
import { isAppError } from '../errors.ts';
import { releaseCommands } from './release.commands.ts';
import { torrentCommands } from './torrent.commands.ts';
import { purgeCommands } from './purge.commands.ts';
import { wikiCommands } from './wiki.commands.ts';
import { userCommands } from './user.commands.ts';

/** Where the CLI writes; tests pass their own. */
export interface Io {
  readonly out: (text: string) => void;
  readonly err: (text: string) => void;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  /** Whether `err` is a terminal (progress bars are redrawn in place there). */
  readonly isTTY?: boolean;
  /** Reads a password (tests answer it; the default reads the terminal or standard input). */
  readonly readSecret?: (prompt: string) => Promise<string>;
}

const defaultIo: Io = {
  out: (t) => process.stdout.write(t),
  err: (t) => process.stderr.write(t),
  env: process.env,
  cwd: process.cwd(),
  isTTY: process.stderr.isTTY === true,
};

/** Reads a catalog file, or every *.json file of a folder merged into one document (one transaction). */
async function readImport(path: string): Promise<{ doc: unknown; baseDir: string }> {
  const info = await stat(path);
  if (!info.isDirectory()) return { doc: JSON.parse(await readFile(path, 'utf8')), baseDir: dirname(path) };
  const names = (await readdir(path)).filter((n) => n.endsWith('.json')).sort();
  if (names.length === 0) throw new Error(`${path} holds no .json file`);
  const merged: Record<string, unknown> = { format: 'kinora-catalog', version: 1 };
  for (const name of names) {
    const part = JSON.parse(await readFile(join(path, name), 'utf8')) as Record<string, unknown>;
    for (const [key, value] of Object.entries(part)) {
      if (Array.isArray(value)) merged[key] = [...((merged[key] as unknown[]) ?? []), ...value];
      else if (!(key in merged) || key === '$schema') merged[key] = value;
      else if (merged[key] !== value) throw new Error(`${join(path, name)}: "${key}" is ${JSON.stringify(value)}, other files say ${JSON.stringify(merged[key])}`);
    }
  }
  return { doc: merged, baseDir: path };
}

/**
 * The archive's modules, loaded when a command needs them: `kinora torrent …` and `--help` start
 * in a fraction of the time it takes to load the web server, database drivers and pages.
 */
export const archiveModules = async () => {
  const [{ createArchive, createLogger, createTrackerProcess }, { migrateToLatest }, { openDatabase }] = await Promise.all([
    import('../main.ts'), import('../db/migrate.ts'), import('../db/open.ts'),
  ]);
  return { createArchive, createLogger, createTrackerProcess, migrateToLatest, openDatabase };
};

/** Runs the `kinora` command line; resolves to the process exit code. */
export async function main(argv: readonly string[], io: Io = defaultIo): Promise<number> {
  let exitCode = 0;
  const config = (overrides: Record<string, string> = {}): Config => loadConfig(io.env, overrides, io.cwd);

  const program = new Command()
    .name('kinora')
    .description('Kinora: a self-hosted archive for documentary films.')
    .showHelpAfterError()
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err });

  program
    .command('serve')
    .description('Start the archive: web pages, JSON API and files, on KINORA_HOST:KINORA_PORT.')
    .option('-p, --port <port>', 'TCP port (overrides KINORA_PORT)')
    .option('--host <address>', 'address to listen on (overrides KINORA_HOST)')
    .addOption(new Option('--demo', 'load the demo catalog if it was never loaded'))
    .addOption(new Option('--no-demo', 'never load the demo catalog'))
    .action(async (opts: { port?: string; host?: string; demo?: boolean }) => {
      const { createArchive } = await archiveModules();
      const cfg = config({
        ...(opts.port !== undefined ? { port: opts.port } : {}),
        ...(opts.host !== undefined ? { host: opts.host } : {}),
        ...(opts.demo === true ? { demo: '1' } : opts.demo === false ? { demo: '0' } : {}),
      });
      const archive = await createArchive(cfg);
      const stop = async (signal: string) => {
        archive.logger.info({ signal }, 'shutting down');
        await archive.close();
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
      const address = await archive.listen();
      archive.logger.info({ address, url: cfg.publicUrl, database: archive.db.description }, 'Kinora is serving');
    });

  program
    .command('tracker')
    .description('Run only the BitTorrent tracker (HTTP /announce and /scrape on KINORA_PORT, UDP on KINORA_TRACKER_UDP_PORT) for the catalog\'s torrents; with KINORA_TRACKER_STORE=redis several processes share swarms.')
    .option('-p, --port <port>', 'TCP port for HTTP announces (overrides KINORA_PORT)')
    .option('--host <address>', 'address to listen on (overrides KINORA_HOST)')
    .option('--udp-port <port>', 'UDP port (overrides KINORA_TRACKER_UDP_PORT; 0: none)')
    .action(async (opts: { port?: string; host?: string; udpPort?: string }) => {
      const { createTrackerProcess } = await archiveModules();
      const cfg = config({
        ...(opts.port !== undefined ? { port: opts.port } : {}),
        ...(opts.host !== undefined ? { host: opts.host } : {}),
        ...(opts.udpPort !== undefined ? { trackerUdpPort: opts.udpPort } : {}),
      });
      const t = await createTrackerProcess(cfg);
      const stop = async (signal: string) => {
        t.logger.info({ signal }, 'shutting down');
        await t.close();
      };
      process.once('SIGINT', () => void stop('SIGINT'));
      process.once('SIGTERM', () => void stop('SIGTERM'));
      const address = await t.listen();
      t.logger.info({ address, udpPort: cfg.tracker.udpPort, store: cfg.tracker.store, torrents: t.tracker.tracker.releases().length }, 'Kinora tracker is serving');
    });

  program
    .command('migrate')
    .description('Create or update the database schema, then exit.')
    .action(async () => {
      const cfg = config();
      const { openDatabase, migrateToLatest } = await archiveModules();
      const db = openDatabase(cfg.database);
      try {
        const results = await migrateToLatest(db);
        io.out(results.length ? results.map((r) => `${r.migrationName}: ${r.status}\n`).join('') : 'The database is up to date.\n');
      } finally {
        await db.close();
      }
    });

  program
    .command('import')
    .description('Import a catalog file (or every .json file of a folder) in one transaction; nothing is written if any record is invalid.')
    .argument('<path>', 'catalog JSON file or folder; release file paths are relative to it')
    .action(async (path: string) => {
      const { createArchive, createLogger } = await archiveModules();
      const archive = await createArchive(config({ demo: '0' }), { logger: createLogger('warn') });
      try {
        const { doc, baseDir } = await readImport(resolve(io.cwd, path));
        const report = await archive.catalog.import(doc, { baseDir, actor: 'cli' });
        for (const [kind, t] of Object.entries(report)) io.out(`${kind}: ${t.created} created, ${t.updated} updated, ${t.unchanged} unchanged\n`);
      } finally {
        await archive.close();
      }
    });

  program
    .command('export')
    .description('Write the whole catalog in the exchange format (docs/catalog.schema.json), or with --audit the audit log as JSON lines, oldest first.')
    .option('-o, --output <file>', 'write to this file instead of standard output')
    .option('--audit', 'export the audit log (every role change and moderation action) instead of the catalog')
    .action(async (opts: { output?: string; audit?: boolean }) => {
      const { createArchive, createLogger } = await archiveModules();
      const archive = await createArchive(config({ demo: '0' }), { logger: createLogger('warn') });
      try {
        if (opts.audit) {
          const { systemActor } = await import('../accounts/index.ts');
          const pages: string[][] = [];
          let before: number | undefined;
          for (;;) {
            const entries = await archive.accounts.audit(systemActor('cli'), { limit: 1000, ...(before === undefined ? {} : { before }) });
            if (entries.length === 0) break;
            pages.push(entries.map((e) => JSON.stringify(e)));
            before = entries.at(-1)!.id;
          }
          const lines = pages.flat().reverse().map((l) => `${l}\n`).join('');
          if (opts.output) await writeFile(resolve(io.cwd, opts.output), lines);
          else io.out(lines);
          return;
        }
        const json = `${JSON.stringify(await archive.catalog.export(), null, 2)}\n`;
        if (opts.output) await writeFile(resolve(io.cwd, opts.output), json);
        else io.out(json);
      } finally {
        await archive.close();
      }
    });

  releaseCommands(program, io, config);
  torrentCommands(program, io);
  userCommands(program, io, config);
  purgeCommands(program, io, config);
  wikiCommands(program, io, config);

  try {
    await program.parseAsync(argv, { from: 'user' });
  } catch (e) {
    exitCode = reportError(e, io);
  }
  return exitCode;
}

/** Prints an error for a person at a terminal and picks the exit code (1 bad input or failure, 2 usage). */
function reportError(e: unknown, io: Io): number {
  if (e instanceof CommanderError) return e.exitCode === 0 ? 0 : 2;
  if (e instanceof ConfigError) {
    io.err(`${e.message}\n`);
    return 1;
  }
  if (isAppError(e)) {
    io.err(`error: ${e.message}\n`);
    for (const d of e.details) io.err(`  ${d.path}: ${d.message}\n`);
    return 1;
  }
  if (e instanceof SyntaxError) {
    io.err(`error: the file is not valid JSON: ${e.message}\n`);
    return 1;
  }
  const err = e as NodeJS.ErrnoException;
  io.err(`error: ${err.code === 'ENOENT' ? `no such file: ${err.path}` : err.message}\n`);
  return 1;
}
