#!/usr/bin/env bash
# Hashing benchmark: make a torrent of a 1 GiB file (1 MiB pieces, file in the page cache) with
# Kinora, mktorrent -t 2, the npm create-torrent package and libtorrent (python3-libtorrent),
# side by side, in rounds, and print medians and ratios.
#
#   npm run bench:hash            # BENCH_RUNS (5), BENCH_SIZE_MB (1024), BENCH_OUT (bench/out/hash)
#
# Needs: mktorrent, python3-libtorrent (Debian), and the npm registry once for create-torrent,
# which is installed into bench/out/hash/peers (never into the project).
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=${BENCH_OUT:-$ROOT/bench/out/hash}
RUNS=${BENCH_RUNS:-5}
SIZE_MB=${BENCH_SIZE_MB:-1024}
mkdir -p "$OUT/peers"

command -v mktorrent >/dev/null || { echo "mktorrent is missing: apt-get install mktorrent" >&2; exit 1; }
/usr/bin/python3 -c 'import libtorrent' 2>/dev/null || { echo "python3-libtorrent is missing: apt-get install python3-libtorrent" >&2; exit 1; }
if [ ! -d "$OUT/peers/node_modules/create-torrent" ]; then
  # A package.json of its own, so npm installs here and not into the project's node_modules.
  echo '{"private":true}' > "$OUT/peers/package.json"
  (cd "$OUT/peers" && npm install --no-audit --no-fund --no-package-lock create-torrent@6.1.3 >/dev/null)
fi

FILE="$OUT/bench.bin"
if [ ! -f "$FILE" ] || [ "$(stat -c %s "$FILE")" != "$((SIZE_MB * 1024 * 1024))" ]; then
  echo "writing a ${SIZE_MB} MiB file of random bytes to $FILE" >&2
  head -c "$((SIZE_MB * 1024 * 1024))" /dev/urandom > "$FILE"
fi
cat "$FILE" > /dev/null   # into the page cache

cd "$ROOT"
"$ROOT/node_modules/.bin/tsx" "$HERE/hash.ts" "$FILE" "$RUNS" "$OUT/peers"
