import { type ChildProcess, spawn, spawnSync } from 'node:child_process';

/** Whether a program can be run (found on PATH, or an absolute path that exists). */
export const hasProgram = (name: string): boolean => spawnSync('sh', ['-c', `command -v ${name}`], { stdio: 'ignore' }).status === 0;

/** Whether this process may create network namespaces (root, or a kernel that allows it). */
export const canUnshareNet = (): boolean => spawnSync('unshare', ['-n', 'true'], { stdio: 'ignore' }).status === 0;

export interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * An isolated network namespace with only a loopback interface: nothing a client does in it can
 * reach another machine. Processes join it with `nsenter`; the archive under test stays in the
 * test process and is reached through a forwarder from the namespace's loopback to a Unix socket
 * (sockets in the file system cross network namespaces).
 */
export class Namespace {
  readonly #holder: ChildProcess;
  readonly #children = new Set<ChildProcess>();

  private constructor(holder: ChildProcess) {
    this.#holder = holder;
  }

  static async open(): Promise<Namespace> {
    const holder = spawn('unshare', ['-n', 'sh', '-c', 'ip link set lo up && echo ready && exec sleep 3600'], { stdio: ['ignore', 'pipe', 'pipe'] });
    await new Promise<void>((resolve, reject) => {
      let err = '';
      holder.stderr!.on('data', (d) => (err += d));
      holder.stdout!.once('data', () => resolve());
      holder.once('exit', (code) => reject(new Error(`unshare -n failed (${code}): ${err}`)));
    });
    return new Namespace(holder);
  }

  /** Starts a process inside the namespace; it is stopped by `close` if still running. */
  spawn(command: string, args: readonly string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): ChildProcess {
    const child = spawn('nsenter', ['-t', String(this.#holder.pid), '-n', command, ...args], { ...options, stdio: ['ignore', 'pipe', 'pipe'] });
    this.#children.add(child);
    child.once('exit', () => this.#children.delete(child));
    return child;
  }

  /** Runs a command inside the namespace to its end (or until `timeoutMs`, then kills it). */
  run(command: string, args: readonly string[], options: { cwd?: string; timeoutMs?: number } = {}): Promise<RunResult> {
    const child = this.spawn(command, args, options);
    let stdout = '';
    let stderr = '';
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    return new Promise((resolve) => {
      const timer = setTimeout(() => child.kill('SIGKILL'), options.timeoutMs ?? 60_000);
      child.once('close', (code) => {
        clearTimeout(timer);
        resolve({ code, stdout, stderr });
      });
    });
  }

  /** Listens on 127.0.0.1:`port` inside the namespace and forwards each connection to a Unix socket. */
  async forwardTcpToUnix(port: number, socketPath: string): Promise<void> {
    this.spawn('socat', [`TCP-LISTEN:${port},bind=127.0.0.1,fork,reuseaddr`, `UNIX-CONNECT:${socketPath}`]);
    await this.waitForPort(port);
  }

  /** Waits until something listens on 127.0.0.1:`port` inside the namespace. */
  async waitForPort(port: number, timeoutMs = 20_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const probe = await this.run('socat', ['-u', 'OPEN:/dev/null', `TCP:127.0.0.1:${port}`], { timeoutMs: 2000 });
      if (probe.code === 0) return;
      await new Promise((r2) => setTimeout(r2, 100));
    }
    throw new Error(`nothing listens on 127.0.0.1:${port} in the namespace`);
  }

  /** Stops every process started in the namespace, then the namespace itself. */
  async close(): Promise<void> {
    const exits = [...this.#children].map((c) => new Promise<void>((resolve) => {
      if (c.exitCode !== null || c.signalCode !== null) return resolve();
      c.once('exit', () => resolve());
      c.kill('SIGTERM');
      setTimeout(() => c.kill('SIGKILL'), 3000).unref();
    }));
    await Promise.all(exits);
    this.#holder.kill('SIGKILL');
  }
}
