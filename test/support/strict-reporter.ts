import type { Reporter, TestModule } from 'vitest/node';
import { isStrict } from './strict.ts';

/**
 * Prints one plain closing line ("N passed, N failed, N skipped") and, in strict mode (CI), fails
 * the run when any test was skipped: there, a missing service or program is an error, not a skip.
 */
export default class StrictReporter implements Reporter {
  onTestRunEnd(modules: ReadonlyArray<TestModule>): void {
    let passed = 0;
    let failed = 0;
    const skipped: string[] = [];
    for (const m of modules) {
      for (const t of m.children.allTests()) {
        const state = t.result().state;
        if (state === 'passed') passed++;
        else if (state === 'failed') failed++;
        else if (state === 'skipped') skipped.push(`${m.moduleId.replace(process.cwd() + '/', '')} > ${t.fullName}`);
      }
    }
    process.stdout.write(`\n${passed} passed, ${failed} failed, ${skipped.length} skipped\n`);
    if (skipped.length > 0 && isStrict()) {
      process.stdout.write(`Strict mode: ${skipped.length} skipped test(s) count as failures:\n${skipped.map((s) => `  - ${s}`).join('\n')}\n`);
      process.exitCode = 1;
    }
  }
}
