/** In CI (CI=true) or with KINORA_TEST_STRICT=1, every external service and program must be present. */
export const isStrict = (): boolean => process.env.CI === 'true' || process.env.KINORA_TEST_STRICT === '1';

/**
 * Decides whether tests that need `what` can run. Outside strict mode a missing dependency is
 * reported loudly and its tests are skipped; in strict mode it fails the run.
 */
export function requireOrSkip(what: string, available: boolean, hint: string): boolean {
  if (available) return true;
  if (isStrict()) throw new Error(`${what} is required in strict mode (CI) but is not available: ${hint}`);
  process.stderr.write(`\n*** SKIPPING tests that need ${what}: ${hint} ***\n\n`);
  return false;
}
