/**
 * Whether a process with this id is running: what tells a dead writer's leftovers (a partial
 * blob, an upload cut off) from a live writer's. A PID reused by an unrelated process only
 * delays the clean-up to a later start.
 */
export function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
