#!/usr/bin/env bash
# Web-seed benchmark: aria2c downloads a 1 GiB release over loopback from Kinora's web seed, and
# the same torrent (same info, same infohash) from nginx serving the same file, in alternating
# rounds; prints medians and the ratio. Downloads land in /dev/shm so the disk is not measured.
#
#   npm run bench:webseed         # BENCH_RUNS (5), BENCH_SIZE_MB (1024), BENCH_OUT (bench/out/webseed)
#
# Needs aria2 and nginx (Debian packages). Only 127.0.0.1 is used; every process started here is
# stopped by its PID on exit.
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=${BENCH_OUT:-$ROOT/bench/out/webseed}
RUNS=${BENCH_RUNS:-5}
SIZE_MB=${BENCH_SIZE_MB:-1024}
KPORT=${BENCH_KINORA_PORT:-18280}
NPORT=${BENCH_NGINX_PORT:-18281}
TSX=$ROOT/node_modules/.bin/tsx
SAVE=/dev/shm/kinora-bench-webseed
for p in aria2c nginx; do command -v $p >/dev/null || { echo "$p is missing (apt-get install aria2 nginx)" >&2; exit 1; }; done

PIDS=()
cleanup() { for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done; rm -rf "$SAVE"; }
trap cleanup EXIT

mkdir -p "$OUT"
FILE="$OUT/bench.bin"
if [ ! -f "$FILE" ] || [ "$(stat -c %s "$FILE")" != "$((SIZE_MB * 1024 * 1024))" ]; then
  head -c "$((SIZE_MB * 1024 * 1024))" /dev/urandom > "$FILE"
fi

# An archive holding one film whose release is the file (v1, 1 MiB pieces, like the hash benchmark).
export KINORA_DATA_DIR="$OUT/data" KINORA_DEMO=0 KINORA_LOG_LEVEL=warn KINORA_PUBLIC_URL="http://127.0.0.1:$KPORT"
if [ ! -f "$OUT/release.json" ]; then
  rm -rf "$OUT/data"
  echo '{"format":"kinora-catalog","version":1,"films":[{"slug":"bench","title":"Bench","year":1930,"synopsis":"A film for the benchmark.","languages":["en"],"countries":["US"],"credits":[],"appearances":[],"subjects":[],"places":[],"reception":[]}]}' > "$OUT/catalog.json"
  node "$ROOT/bin/kinora.js" import "$OUT/catalog.json" >/dev/null
  node "$ROOT/bin/kinora.js" release add bench "$FILE" --v1-only --piece-length 1M --json 2>/dev/null | tail -n 1 > "$OUT/release.json"
fi
ID=$(node -e "console.log(JSON.parse(require('fs').readFileSync('$OUT/release.json','utf8')).id)")

node "$ROOT/bin/kinora.js" serve --host 127.0.0.1 --port "$KPORT" > "$OUT/kinora.log" 2>&1 &
PIDS+=($!)
# nginx serves the stored blob under the same path Kinora uses, with Debian's defaults (sendfile on).
BLOB=$(find "$OUT/data/files/sha256" -type f -size +1M | head -n 1)
mkdir -p "$OUT/nginx/root/files/$ID" "$OUT/nginx/tmp"
ln -sf "$BLOB" "$OUT/nginx/root/files/$ID/bench.bin"
cat > "$OUT/nginx/nginx.conf" <<CONF
worker_processes 1;
pid $OUT/nginx/nginx.pid;
error_log $OUT/nginx/error.log;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on;
  tcp_nopush on;
  client_body_temp_path $OUT/nginx/tmp;
  proxy_temp_path $OUT/nginx/tmp;
  fastcgi_temp_path $OUT/nginx/tmp;
  uwsgi_temp_path $OUT/nginx/tmp;
  scgi_temp_path $OUT/nginx/tmp;
  server { listen 127.0.0.1:$NPORT; root $OUT/nginx/root; }
}
CONF
nginx -c "$OUT/nginx/nginx.conf" -g 'daemon off;' &
PIDS+=($!)
for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$KPORT/healthz" && curl -sf -o /dev/null -r 0-0 "http://127.0.0.1:$NPORT/files/$ID/bench.bin" && break; sleep 0.2; done

curl -sf -o "$OUT/kinora.torrent" "http://127.0.0.1:$KPORT/releases/$ID.torrent"
(cd "$ROOT" && "$TSX" "$HERE/retarget.ts" "$OUT/kinora.torrent" "$OUT/nginx.torrent" "http://127.0.0.1:$NPORT/files/$ID/bench.bin")
cat "$BLOB" > /dev/null

fetch() { # torrent -> seconds
  rm -rf "$SAVE"; mkdir -p "$SAVE"
  local start end
  start=$(date +%s.%N)
  aria2c --dir="$SAVE" --enable-dht=false --enable-dht6=false --bt-enable-lpd=false --enable-peer-exchange=false \
    --seed-time=0 --file-allocation=none --console-log-level=error --summary-interval=0 --quiet=true "$1" >/dev/null
  end=$(date +%s.%N)
  cmp -s "$SAVE/bench.bin" "$FILE" || { echo "downloaded bytes differ from the source" >&2; exit 1; }
  echo "$end - $start" | bc
}

K=(); N=()
for i in $(seq 1 "$RUNS"); do
  K+=("$(fetch "$OUT/kinora.torrent")")
  N+=("$(fetch "$OUT/nginx.torrent")")
  echo "round $i/$RUNS: kinora ${K[-1]} s, nginx ${N[-1]} s" >&2
done
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
MK=$(median "${K[@]}"); MN=$(median "${N[@]}")
BYTES=$(stat -c %s "$FILE")
printf '\naria2c, %s bytes over loopback, web seed only, medians of %s runs\n' "$BYTES" "$RUNS"
printf '%-10s %10s %10s\n' server seconds 'MB/s'
printf '%-10s %10.3f %10.1f\n' kinora "$MK" "$(echo "$BYTES / $MK / 1000000" | bc -l)"
printf '%-10s %10.3f %10.1f\n' nginx "$MN" "$(echo "$BYTES / $MN / 1000000" | bc -l)"
printf 'kinora / nginx throughput: %.2fx (target >= 0.90x)\n' "$(echo "$MN / $MK" | bc -l)"

# aria2c is the bottleneck above (one core at about 230 MB/s); curl writing to /dev/null shows what
# each server itself can send: the whole file in one GET, medians of 3 × RUNS.
CK=(); CN=()
for i in $(seq 1 $((RUNS * 3))); do
  CK+=("$(curl -sf -o /dev/null -w '%{time_total}' "http://127.0.0.1:$KPORT/files/$ID/bench.bin")")
  CN+=("$(curl -sf -o /dev/null -w '%{time_total}' "http://127.0.0.1:$NPORT/files/$ID/bench.bin")")
done
MCK=$(median "${CK[@]}"); MCN=$(median "${CN[@]}")
printf '\ncurl to /dev/null, the whole file in one GET, medians of %s runs\n' "$((RUNS * 3))"
printf '%-10s %10.3f %10.1f\n' kinora "$MCK" "$(echo "$BYTES / $MCK / 1000000" | bc -l)"
printf '%-10s %10.3f %10.1f\n' nginx "$MCN" "$(echo "$BYTES / $MCN / 1000000" | bc -l)"
printf 'kinora / nginx throughput: %.2fx\n' "$(echo "$MCN / $MCK" | bc -l)"
