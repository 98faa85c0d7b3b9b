import type { Command } from 'commander';
import { ROLES, type Role, isRole, systemActor } from '../accounts/index.ts';
import type { Config } from '../config/config.ts';
import { invalid } from '../errors.ts';
import { type Io, archiveModules } from './main.ts';
import { readSecret } from './secret.read.ts';

const role = (text: string): Role => {
  if (!isRole(text)) throw invalid('invalid_role', `--role: "${text}" must be one of ${ROLES.join(', ')}.`);
  return text;
};

/** `kinora user add|role`: accounts made by the archive's operator (the first admin, scripted accounts). */
export function userCommands(program: Command, io: Io, config: (overrides?: Record<string, string>) => Config): void {
  const user = program.command('user').description('Create accounts and change their roles.');
  const secret = io.readSecret ?? ((p: string) => readSecret(p));

  user
    .command('add')
    .description('Create an account. The password is read from standard input (its first line) when that is not a terminal, else asked for twice.')
    .argument('<name>', 'username: 3 to 32 letters, digits, "_", "." or "-"')
    .option('--role <role>', `one of ${ROLES.join(', ')}`, 'reader')
    .option('--email <address>', 'email address (optional)')
    .action(async (name: string, opts: { role: string; email?: string }) => {
      const r = role(opts.role);
      const password = await secret(`Password for ${name}: `);
      const { createArchive, createLogger } = await archiveModules();
      const archive = await createArchive(config({ demo: '0' }), { logger: createLogger('warn') });
      try {
        const account = await archive.accounts.createUser(systemActor('cli'), { username: name, password, email: opts.email }, r);
        io.out(`user ${account.username} (${account.role}) created\n`);
      } finally {
        await archive.close();
      }
    });

  user
    .command('role')
    .description('Change the role of an account (written to the audit log).')
    .argument('<name>', 'username')
    .argument('<role>', ROLES.join(' | '))
    .option('--reason <text>', 'why, for the audit log', '')
    .action(async (name: string, roleText: string, opts: { reason: string }) => {
      const r = role(roleText);
      const { createArchive, createLogger } = await archiveModules();
      const archive = await createArchive(config({ demo: '0' }), { logger: createLogger('warn') });
      try {
        const account = await archive.accounts.setRole(systemActor('cli'), name, r, opts.reason);
        io.out(`user ${account.username} is now ${account.role}\n`);
      } finally {
        await archive.close();
      }
    });
}
