import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Command } from 'commander';
import { systemActor } from '../accounts/index.ts';
import type { Config } from '../config/config.ts';
import type { ImportReport } from '../wiki/index.ts';
import { type Io, archiveModules } from './main.ts';

const STATUS = { created: 'created', updated: 'updated', unchanged: 'unchanged', skipped: 'not imported' } as const;

/** The import report for a terminal: a line per page, what it left to finish indented below it. */
export function formatImportReport(r: ImportReport): string {
  const lines: string[] = [];
  for (const p of r.pages) {
    const revisions = p.revisions ? `, ${p.revisions} revision${p.revisions === 1 ? '' : 's'}` : '';
    const sources = p.sources.created.length ? `, sources added: ${p.sources.created.join(' ')}` : '';
    lines.push(`${STATUS[p.status]}: ${p.title}${revisions}${sources}${p.reason ? ` (${p.reason})` : ''}`);
    for (const s of p.sources.refused) lines.push(`  source ${s.key} not added: ${s.reason}`);
    for (const u of p.unconverted) lines.push(`  not converted: ${u}`);
  }
  for (const s of r.skipped) lines.push(`not imported: ${s.title} (${s.reason})`);
  const t = r.totals;
  lines.push(`${r.dryRun ? 'Would write' : 'Wrote'} ${t.pages} page${t.pages === 1 ? '' : 's'}, ${t.revisions} revision${t.revisions === 1 ? '' : 's'} and ${t.sources} source${t.sources === 1 ? '' : 's'}; ${t.unconverted} thing${t.unconverted === 1 ? '' : 's'} left to finish by hand.`);
  return `${lines.join('\n')}\n`;
}

/** `kinora wiki import`: a MediaWiki export from a file, as moderators import one in the browser. */
export function wikiCommands(program: Command, io: Io, config: (overrides?: Record<string, string>) => Config): void {
  const wiki = program.command('wiki').description('The wiki: import another wiki\'s pages.');
  wiki.command('import')
    .description('Import a MediaWiki XML export (Special:Export, dumpBackup.php --full): articles and categories with their history, cite templates as sources; one transaction per page.')
    .argument('<file>', 'the export (.xml)')
    .option('--dry-run', 'report what would be written, and write nothing')
    .action(async (file: string, o: { dryRun?: boolean }) => {
      const xml = await readFile(resolve(io.cwd, file));
      const { createArchive, createLogger } = await archiveModules();
      const archive = await createArchive(config({ demo: '0' }), { logger: createLogger('warn') });
      try {
        io.out(formatImportReport(await archive.wiki.importMediaWiki(systemActor('cli'), xml, { dryRun: o.dryRun === true })));
      } finally {
        await archive.close();
      }
    });
}
