import { type ChildProcess, type SpawnOptions, spawn, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readlinkSync, statSync } from 'node:fs';

/**
 * A network namespace of the test's own, with only a loopback interface, in which real BitTorrent
 * clients run: nothing they do (DHT, local peer discovery, UPnP, trackers) can leave the machine.
 * The archive under test stays in the test process and is reached through Unix sockets, which live
 * in the file system and so cross network namespaces.
 */
export interface Namespace {
  /** PID of the process that holds the namespace open (`/proc/<pid>/ns/net`). */
  readonly holderPid: number;
  /** Runs a program inside the namespace to its end; never rejects on a non-zero exit. */
  exec(command: string, args: readonly string[], options?: ExecOptions): Promise<ExecResult>;
  /** Starts a program inside the namespace; `close` stops it if it is still running. */
  spawn(command: string, args: readonly string[], options?: SpawnInOptions): ChildProcess;
  /** Listens on 127.0.0.1:`port` inside the namespace; each connection goes to the host's Unix socket. */
  forwardTcpToUnix(port: number, socketPath: string): Promise<Forwarder>;
  /** Listens on the Unix socket `socketPath`; each connection goes to 127.0.0.1:`port` inside the namespace. */
  forwardUnixToTcp(socketPath: string, port: number): Promise<Forwarder>;
  /** Resolves once something listens on 127.0.0.1:`port` (or [::1]) inside the namespace. */
  waitForListener(port: number, timeoutMs?: number): Promise<void>;
  /** A TCP/UDP port number not yet handed out in this namespace (each namespace has its own ports). */
  allocatePort(): number;
  /** Stops every process started in the namespace (by PID), then the namespace itself. */
  close(): Promise<void>;
}

/** A running socat; `close` stops it (and `Namespace.close` does, if still running). */
export interface Forwarder {
  readonly pid: number;
  close(): Promise<void>;
}

export interface ExecOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  /** Killed with SIGKILL after this long; the result then has `timedOut: true`. Default 60 s. */
  readonly timeoutMs?: number;
}

export interface SpawnInOptions {
  readonly cwd?: string;
  readonly env?: NodeJS.ProcessEnv;
  readonly stdio?: SpawnOptions['stdio'];
}

export interface ExecResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly timedOut: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

/** Programs the namespace itself needs (util-linux, iproute2, socat). */
export const NAMESPACE_PROGRAMS: readonly string[] = Object.freeze(['unshare', 'nsenter', 'setpriv', 'ip', 'ss', 'socat']);

/** The programs in `names` that cannot be found on PATH. */
export const missingPrograms = (names: readonly string[]): string[] =>
  names.filter((name) => spawnSync('sh', ['-c', 'command -v "$1"', 'sh', name], { stdio: 'ignore' }).status !== 0);

/** Whether this process may create a network namespace (needs root, or unprivileged user namespaces). */
export const canCreateNamespace = (): boolean => spawnSync('unshare', ['--net', 'true'], { stdio: 'ignore' }).status === 0;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const FIRST_PORT = 20_000;

/**
 * Opens a namespace. Its holder and every process started in it carry a parent-death signal, so a
 * crashed test run leaves no namespace or client behind; `close` is still the normal way out.
 */
export async function openNamespace(): Promise<Namespace> {
  const holder = spawn('setpriv', ['--pdeathsig', 'KILL', '--', 'unshare', '--net', '--', 'sh', '-c', 'ip link set lo up && echo ready && exec sleep infinity'], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  await new Promise<void>((resolve, reject) => {
    let err = '';
    holder.stderr!.on('data', (d) => (err += d));
    holder.stdout!.once('data', () => resolve());
    holder.once('error', reject);
    holder.once('exit', (code, signal) => reject(new Error(`could not open a network namespace (unshare exited ${code ?? signal}): ${err.trim()}`)));
  });
  const ns = new NetworkNamespace(holder);
  const links = await ns.exec('ip', ['-o', 'link', 'show']);
  const names = links.stdout.split('\n').filter(Boolean).map((l) => l.split(':')[1]?.trim());
  if (names.join(',') !== 'lo') {
    await ns.close();
    throw new Error(`the namespace should hold only a loopback interface, it holds: ${names.join(', ')}`);
  }
  return ns;
}

class NetworkNamespace implements Namespace {
  readonly #holder: ChildProcess;
  readonly #children = new Set<ChildProcess>();
  #nextPort = FIRST_PORT;

  constructor(holder: ChildProcess) {
    this.#holder = holder;
  }

  get holderPid(): number {
    return this.#holder.pid!;
  }

  spawn(command: string, args: readonly string[], options: SpawnInOptions = {}): ChildProcess {
    // nsenter joins the namespace and execs setpriv, which execs the program: one PID throughout,
    // whose parent is this process (so the parent-death signal fires if the test run dies).
    const child = spawn('nsenter', ['-t', String(this.holderPid), '-n', '--', 'setpriv', '--pdeathsig', 'KILL', '--', command, ...args], {
      cwd: options.cwd,
      env: options.env ?? process.env,
      stdio: options.stdio ?? ['ignore', 'pipe', 'pipe'],
    });
    this.#children.add(child);
    child.once('exit', () => this.#children.delete(child));
    return child;
  }

  exec(command: string, args: readonly string[], options: ExecOptions = {}): Promise<ExecResult> {
    const child = this.spawn(command, args, options);
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout!.on('data', (d) => (stdout += d));
    child.stderr!.on('data', (d) => (stderr += d));
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, options.timeoutMs ?? 60_000);
      child.once('error', (e) => {
        clearTimeout(timer);
        reject(e);
      });
      child.once('close', (code, signal) => {
        clearTimeout(timer);
        resolve({ code, signal, timedOut, stdout, stderr });
      });
    });
  }

  async forwardTcpToUnix(port: number, socketPath: string): Promise<Forwarder> {
    const socat = this.spawn('socat', [`TCP-LISTEN:${port},bind=127.0.0.1,fork,reuseaddr`, `UNIX-CONNECT:${socketPath}`]);
    await Promise.race([this.waitForListener(port), exitedEarly(socat, `socat TCP-LISTEN:${port}`)]);
    return { pid: socat.pid!, close: () => stopProcess(socat) };
  }

  async forwardUnixToTcp(socketPath: string, port: number): Promise<Forwarder> {
    const socat = this.spawn('socat', [`UNIX-LISTEN:${socketPath},fork,unlink-early,mode=600`, `TCP:127.0.0.1:${port}`]);
    const listening = (async () => {
      for (let i = 0; i < 200 && !isSocket(socketPath); i++) await sleep(25);
      if (!isSocket(socketPath)) throw new Error(`socat did not create ${socketPath}`);
    })();
    await Promise.race([listening, exitedEarly(socat, `socat UNIX-LISTEN:${socketPath}`)]);
    return { pid: socat.pid!, close: () => stopProcess(socat) };
  }

  async waitForListener(port: number, timeoutMs = 20_000): Promise<void> {
    // `ss` looks at the listening sockets without connecting, so the server behind sees nothing.
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      const r = await this.exec('ss', ['-Hltn', `sport = :${port}`], { timeoutMs: 5000 });
      if (r.code === 0 && r.stdout.trim() !== '') return;
      await sleep(50);
    }
    throw new Error(`nothing listens on port ${port} in the namespace after ${timeoutMs} ms`);
  }

  allocatePort(): number {
    return this.#nextPort++;
  }

  async close(): Promise<void> {
    await Promise.all([...this.#children].map((c) => stopProcess(c)));
    // Anything still in the namespace was started from it (a socat connection child, a client's
    // helper): find it by the namespace's inode and kill it by PID.
    for (const pid of pidsInNamespaceOf(this.holderPid)) {
      if (pid === this.holderPid) continue;
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone already
      }
    }
    await stopProcess(this.#holder, 0);
  }
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
export function stopProcess(child: ChildProcess, graceMs = 3000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => {
    child.once('exit', () => resolve());
    if (graceMs === 0) {
      child.kill('SIGKILL');
      return;
    }
    child.kill('SIGTERM');
    setTimeout(() => child.kill('SIGKILL'), graceMs).unref();
  });
}

/** Rejects if `child` exits: a race partner for waiting on something the child should bring up. */
export function exitedEarly(child: ChildProcess, what: string): Promise<never> {
  let err = '';
  child.stderr?.on('data', (d) => (err += d));
  const early = new Promise<never>((_, reject) => child.once('exit', (code) => reject(new Error(`${what} exited (${code}): ${err.trim()}`))));
  early.catch(() => {}); // only a race partner: its rejection after a normal close is not an error
  return early;
}

function isSocket(path: string): boolean {
  return existsSync(path) && statSync(path).isSocket();
}

function pidsInNamespaceOf(holderPid: number): number[] {
  let ours: string;
  try {
    ours = readlinkSync(`/proc/${holderPid}/ns/net`);
  } catch {
    return [];
  }
  const pids: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (readlinkSync(`/proc/${entry}/ns/net`) === ours) pids.push(Number(entry));
    } catch {
      // exited, or not ours to read
    }
  }
  return pids;
}
