import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

/** The `kinora` launcher, as `npx kinora` runs it. */
export const KINORA_BIN = fileURLToPath(new URL('../../bin/kinora.js', import.meta.url));

export interface KinoraRun {
  /** The exit code; -1 when a signal ended the process (see `signal`). */
  readonly code: number;
  readonly signal: NodeJS.Signals | null;
  readonly out: string;
  readonly err: string;
}

/**
 * Runs the real `kinora` command and collects its output: `env` on top of this process's (logging
 * at warn), `input` on its standard input (a pipe, not a terminal), `onErr` told of its standard
 * error as it grows, with a way to kill it there.
 */
export function runKinora(args: readonly string[], o: { env?: Record<string, string>; cwd?: string; input?: string; onErr?: (text: string, kill: () => void) => void } = {}): Promise<KinoraRun> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [KINORA_BIN, ...args], { ...(o.cwd ? { cwd: o.cwd } : {}), env: { ...process.env, KINORA_LOG_LEVEL: 'warn', ...o.env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => {
      err += d;
      o.onErr?.(err, () => child.kill('SIGKILL'));
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code: code ?? -1, signal, out, err }));
    child.stdin.end(o.input ?? '');
  });
}
