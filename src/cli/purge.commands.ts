import type { Command } from 'commander';
import { systemActor } from '../accounts/index.ts';
import type { Config } from '../config/config.ts';
import { invalid } from '../errors.ts';
import { type Io, archiveModules } from './main.ts';

const id = (text: string): number => {
  if (!/^[1-9]\d{0,11}$/.test(text)) throw invalid('invalid_id', `"${text}" is not an id.`);
  return Number(text);
};

/**
 * `kinora purge review|release|user`: deleting for good, which the web never does (moderators
 * hide and take down, reversibly). Each purge is written to the audit log with its reason.
 */
export function purgeCommands(program: Command, io: Io, config: (overrides?: Record<string, string>) => Config): void {
  const purge = program.command('purge').description('Delete a review, a release or an account for good (the web only hides and takes down); written to the audit log.');
  const run = async (what: string, reason: string, act: (a: Awaited<ReturnType<Awaited<ReturnType<typeof archiveModules>>['createArchive']>>) => Promise<void>) => {
    if (reason.trim().length === 0) throw invalid('reason_required', '--reason: say why; the audit log keeps it.');
    const { createArchive, createLogger } = await archiveModules();
    const archive = await createArchive(config({ demo: '0' }), { logger: createLogger('warn') });
    try {
      await act(archive);
      io.out(`${what} purged\n`);
    } finally {
      await archive.close();
    }
  };
  const cli = systemActor('cli');

  purge.command('review').argument('<id>', 'review id').requiredOption('--reason <text>', 'why, for the audit log')
    .description('Delete a review with its history and votes.')
    .action((text: string, o: { reason: string }) => run(`review ${text}`, o.reason, (a) => a.reviews.purge(cli, id(text), o.reason)));

  purge.command('release').argument('<id>', 'release id').requiredOption('--reason <text>', 'why, for the audit log')
    .description('Delete a release, its torrent and its stored files (those no other release shares); the tracker drops it.')
    .action((text: string, o: { reason: string }) => run(`release ${text}`, o.reason, async (a) => {
      const { writeAudit } = await import('../accounts/index.ts');
      await a.catalog.purgeRelease(id(text), (tx) => writeAudit(tx, { actorId: null, actorName: 'cli', action: 'release.purge', targetType: 'release', targetId: text, reason: o.reason, data: {}, now: new Date().toISOString() }));
    }));

  purge.command('user').argument('<name>', 'username').requiredOption('--reason <text>', 'why, for the audit log')
    .description('Delete an account with its sessions, tokens, reviews and votes (its flags stay, unattributed).')
    .action((name: string, o: { reason: string }) => run(`user ${name}`, o.reason, (a) => a.accounts.purgeUser(cli, name, o.reason)));
}
