import { requireOrSkip } from '../../support/strict.ts';
import { NAMESPACE_PROGRAMS, canCreateNamespace, missingPrograms } from './namespace.ts';
import { hasLibtorrent } from './torrent-tools.ts';

/** The Debian 12 package that provides each program the interop tests run. */
const PACKAGES: Readonly<Record<string, string>> = Object.freeze({
  unshare: 'util-linux', nsenter: 'util-linux', setpriv: 'util-linux', ip: 'iproute2', ss: 'iproute2', socat: 'socat',
  aria2c: 'aria2', 'transmission-daemon': 'transmission-daemon', 'transmission-show': 'transmission-cli',
  'transmission-create': 'transmission-cli', 'qbittorrent-nox': 'qbittorrent-nox', mktorrent: 'mktorrent', nginx: 'nginx',
});

/**
 * Decides whether interop tests that run `programs` in a network namespace can run here (see
 * requireOrSkip: in strict mode a missing piece fails the run). `libtorrent` also asks for
 * python3-libtorrent under /usr/bin/python3.
 */
export function requireInterop(what: string, programs: readonly string[], options: { libtorrent?: boolean } = {}): boolean {
  const missing = missingPrograms([...NAMESPACE_PROGRAMS, ...programs]);
  const problems = missing.map((p) => `${p} (apt-get install ${PACKAGES[p] ?? p})`);
  if (options.libtorrent && !hasLibtorrent()) problems.push('libtorrent for /usr/bin/python3 (apt-get install python3-libtorrent)');
  if (missing.length === 0 && !canCreateNamespace()) problems.push('permission to create a network namespace (run as root)');
  return requireOrSkip(what, problems.length === 0, `missing: ${problems.join('; ')}`);
}
