#!/usr/bin/env bash
# Wiki benchmark: an article with 50 footnoted citations and 20 links, viewed at 64 connections,
# from Kinora (its cache of rendered pages warm) side by side with nginx serving a snapshot of the
# same page. Both servers on core 0, wrk on core 1. Then the time to render a 200 kB article.
#
#   npm run bench:wiki        settings: BENCH_OUT (bench/out/wiki), BENCH_DURATION (10s), BENCH_CONNECTIONS (64)
set -euo pipefail
HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=${BENCH_OUT:-$ROOT/bench/out/wiki}
DURATION=${BENCH_DURATION:-10s}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
TSX=$ROOT/node_modules/.bin/tsx
# say, die, STARTED with stop_pid and stop_all, free_port, wait_ready.
. "$HERE/../lib.sh"
for cmd in wrk nginx taskset curl node; do command -v "$cmd" >/dev/null || die "$cmd is missing (Debian packages wrk, nginx-light)"; done
(( $(nproc) >= 2 )) || die "needs two cores"

trap stop_all EXIT

rm -rf "$OUT" && mkdir -p "$OUT/data" "$OUT/nginx" "$OUT/snapshot/wiki"
PAGE=$(env -u KINORA_DATABASE_URL "$TSX" "$HERE/setup.ts" "$OUT/data")

port=$(free_port)
KINORA=http://127.0.0.1:$port
env -u KINORA_DATABASE_URL KINORA_DATA_DIR="$OUT/data" KINORA_DEMO=0 KINORA_LOG_LEVEL=warn KINORA_HOST=127.0.0.1 KINORA_PORT="$port" KINORA_PUBLIC_URL="$KINORA" KINORA_TRACKER=0 \
  taskset -c 0 node "$ROOT/bin/kinora.js" serve >>"$OUT/kinora.log" 2>&1 &
STARTED+=($!)
wait_ready "$KINORA/healthz" "${STARTED[-1]}"
curl -sf "$KINORA$PAGE" -o "$OUT/snapshot$PAGE.html" || die "the article did not answer 200"
grep -q 'cite_note-50' "$OUT/snapshot$PAGE.html" || die "the article lacks its 50 notes"
chmod -R a+rX "$OUT"

nport=$(free_port)
NGINX=http://127.0.0.1:$nport
cat > "$OUT/nginx/nginx.conf" <<CONF
daemon off; worker_processes 1; pid $OUT/nginx/nginx.pid; error_log $OUT/nginx/error.log warn;
events { worker_connections 1024; }
http { access_log off; types { text/html html; } default_type text/html; charset utf-8; sendfile on; tcp_nopush on; keepalive_requests 1000000;
  open_file_cache max=100 inactive=60s; client_body_temp_path $OUT/nginx/body; proxy_temp_path $OUT/nginx/proxy; fastcgi_temp_path $OUT/nginx/fastcgi; uwsgi_temp_path $OUT/nginx/uwsgi; scgi_temp_path $OUT/nginx/scgi;
  server { listen 127.0.0.1:$nport; root $OUT/snapshot; location / { try_files \$uri.html =404; } } }
CONF
taskset -c 0 nginx -p "$OUT/nginx" -e "$OUT/nginx/error.log" -c "$OUT/nginx/nginx.conf" >>"$OUT/nginx/error.log" 2>&1 &
STARTED+=($!)
wait_ready "$NGINX$PAGE" "${STARTED[-1]}"

load() { # url -> "req/s p99"
  taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d3s "$1" >/dev/null
  taskset -c 1 wrk -t1 -c"$CONNECTIONS" -d"$DURATION" --latency "$1" > "$OUT/wrk.txt"
  local rps p99
  rps=$(awk '/Requests\/sec/ { print $2 }' "$OUT/wrk.txt")
  p99=$(awk '$1 == "99%" { print $2 }' "$OUT/wrk.txt")
  grep -q 'Non-2xx' "$OUT/wrk.txt" && die "non-2xx answers from $1"
  echo "$rps $p99"
}
read -r k_rps k_p99 < <(load "$KINORA$PAGE")
read -r n_rps n_p99 < <(load "$NGINX$PAGE")
bytes=$(stat -c %s "$OUT/snapshot$PAGE.html")
printf 'article view (%s bytes, 50 footnotes, 20 links), %s connections, %s, one core each:\n' "$bytes" "$CONNECTIONS" "$DURATION"
printf '  %-8s %10s req/s   p99 %s\n' kinora "$k_rps" "$k_p99" nginx "$n_rps" "$n_p99"
awk -v k="$k_rps" -v n="$n_rps" 'BEGIN { printf "  ratio    kinora/nginx %.2f   (target: >= 3000 req/s for kinora: %s)\n", k / n, (k >= 3000 ? "met" : "missed") }'
"$TSX" "$HERE/render.ts"
