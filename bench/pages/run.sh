#!/usr/bin/env bash
# Page benchmark: Kinora's film, browse and search pages on a 100,000-film catalog, side by side
# with nginx serving static snapshots of the same pages. Both servers are pinned to core 0 and wrk
# to core 1, so the figures are "what one core of Kinora does" next to "what one core can do".
#
#   npm run bench:pages                   # the benchmark (builds the database once, in bench/out/pages)
#   npm run bench:pages -- --profile      # Kinora alone under `node --cpu-prof`, one profile per page
#
# Settings (environment): BENCH_FILMS (100000), BENCH_SEED (1895), BENCH_FILMS_PER_FILE (0: one
# import file), BENCH_OUT (bench/out/pages), BENCH_DURATION (10s), BENCH_WARMUP (3s),
# BENCH_CONNECTIONS (64), BENCH_ALONE_DURATION (5s), BENCH_REBUILD=1 to rebuild the database, BENCH_STRICT=1 to exit 1 when a
# target is missed.
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=${BENCH_OUT:-$ROOT/bench/out/pages}
FILMS=${BENCH_FILMS:-100000}
SEED=${BENCH_SEED:-1895}
PER_FILE=${BENCH_FILMS_PER_FILE:-0}
DURATION=${BENCH_DURATION:-10s}
WARMUP=${BENCH_WARMUP:-3s}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
ALONE=${BENCH_ALONE_DURATION:-5s}
TSX=$ROOT/node_modules/.bin/tsx
PAGES=(film browse search)

MODE=compare
case "${1:-}" in
  '') ;;
  --profile) MODE=profile ;;
  *) echo "usage: run.sh [--profile]" >&2; exit 2 ;;
esac

# say, die, seconds, STARTED with stop_pid and stop_all, free_port, wait_ready.
. "$HERE/../lib.sh"

# ---- processes we start, and only those, are stopped on exit ---------------------------------

trap stop_all EXIT
trap 'exit 130' INT TERM

# ---- prerequisites ------------------------------------------------------------------------------

(( $(nproc) >= 2 )) || die "needs two cores (server on core 0, wrk on core 1); this machine has $(nproc)"
# The Debian packages of the load generator and of the peer; nginx-light is nginx without extra modules.
for pair in wrk:wrk nginx:nginx-light; do
  cmd=${pair%%:*} pkg=${pair#*:}
  command -v "$cmd" >/dev/null && continue
  [[ $EUID -eq 0 ]] || die "$cmd is missing; install the Debian package $pkg and run again"
  say "installing $pkg with apt-get"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >/dev/null
done
for cmd in taskset curl node; do command -v "$cmd" >/dev/null || die "$cmd is missing"; done
[[ -x $TSX ]] || die "run npm install first ($TSX is missing)"


# ---- the 100k-film database, built once and reused while its inputs are unchanged ----------------

# Kinora must use the SQLite file in our data folder, whatever the caller's environment says.
kinora_env=(env -u KINORA_DATABASE_URL -u KINORA_CONFIG -u KINORA_API_TOKEN KINORA_DATA_DIR="$OUT/data" KINORA_DEMO=0 KINORA_LOG_LEVEL=warn)

build_key() {
  { echo "films=$FILMS seed=$SEED per_file=$PER_FILE"
    cat "$HERE"/generate.ts "$HERE"/synthetic-catalog.ts "$HERE"/words.ts "$HERE"/random.ts \
      "$ROOT"/src/db/migrations/*.ts "$ROOT"/src/catalog/catalog.importer.ts "$ROOT"/src/catalog/search.documents.ts "$ROOT"/src/search/sqlite/*.ts
  } | sha256sum | cut -c1-16
}

ensure_database() {
  local key; key=$(build_key)
  if [[ ${BENCH_REBUILD:-0} != 1 && -f $OUT/db.key && $(cat "$OUT/db.key") == "$key" && -f $OUT/data/kinora.db ]]; then
    say "reusing the database in $OUT/data ($(cat "$OUT/load.txt"))"
    return
  fi
  rm -rf "$OUT/data" "$OUT/catalog" "$OUT/db.key" "$OUT/load.txt"
  mkdir -p "$OUT"
  say "generating $FILMS films"
  "$TSX" "$HERE/generate.ts" --out "$OUT/catalog" --films "$FILMS" --seed "$SEED" --per-file "$PER_FILE" >&2
  local files=("$OUT"/catalog/catalog-*.json) started peak=0 rss
  started=$(date +%s.%N)
  for f in "${files[@]}"; do
    say "importing $(basename "$f")"
    # /usr/bin/time reports the importer's peak memory; each file is one transaction in its own process.
    if [[ -x /usr/bin/time ]]; then
      timeout 1800 /usr/bin/time -f '%M' -o "$OUT/import.rss" "${kinora_env[@]}" node "$ROOT/bin/kinora.js" import "$f" >&2
      rss=$(tail -n1 "$OUT/import.rss")
      if (( rss > peak )); then peak=$rss; fi
    else
      timeout 1800 "${kinora_env[@]}" node "$ROOT/bin/kinora.js" import "$f" >&2
    fi
  done
  local took; took=$(awk -v s="$started" -v e="$(date +%s.%N)" 'BEGIN { printf "%.0f", e - s }')
  local memory=''
  if (( peak > 0 )); then memory=", peak importer RSS $(( peak / 1024 )) MB"; fi
  echo "$FILMS films imported from ${#files[@]} file(s) in ${took} s$memory" > "$OUT/load.txt"
  rm -f "$OUT/import.rss"
  echo "$key" > "$OUT/db.key"
  say "$(cat "$OUT/load.txt")"
}

# ---- servers ------------------------------------------------------------------------------------

# Starts Kinora on core 0; extra arguments go to node (e.g. --cpu-prof). Sets KINORA_URL and KINORA_PID.
# CACHE_MB (default 64, Kinora's default) sets KINORA_CACHE_MB; 0 measures every request uncached.
start_kinora() {
  local port; port=$(free_port)
  KINORA_URL=http://127.0.0.1:$port
  "${kinora_env[@]}" KINORA_CACHE_MB="${CACHE_MB:-64}" KINORA_HOST=127.0.0.1 KINORA_PORT="$port" KINORA_PUBLIC_URL="$KINORA_URL" \
    taskset -c 0 node "$@" "$ROOT/bin/kinora.js" serve >>"$OUT/kinora.log" 2>&1 &
  KINORA_PID=$!
  STARTED+=("$KINORA_PID")
  wait_ready "$KINORA_URL/healthz" "$KINORA_PID" "$OUT/kinora.log"
}

# Where nginx finds the snapshot of a path: /films/x -> films/x.html, /films?a=1 -> films/a=1.html.
snapshot_file() {
  local path=${1%%\?*} args=''
  [[ $1 == *\?* ]] && args=${1#*\?}
  if [[ -n $args ]]; then echo "$OUT/snapshots$path/$args.html"; else echo "$OUT/snapshots$path.html"; fi
}

# Saves every benchmarked page from Kinora; --fail also checks that each one answers 200.
take_snapshots() {
  rm -rf "$OUT/snapshots"
  local list p
  : > "$OUT/snapshots.curl"
  for list in "${PATH_LISTS[@]}"; do
    while IFS= read -r p; do
      [[ -n $p ]] && printf 'url = "%s%s"\noutput = "%s"\n' "$KINORA_URL" "$p" "$(snapshot_file "$p")" >> "$OUT/snapshots.curl"
    done < "$list"
  done
  timeout 300 curl -sS --fail --create-dirs -K "$OUT/snapshots.curl" || die "Kinora did not answer every benchmarked page with 200"
  chmod -R a+rX "$OUT/snapshots"
}

# nginx as our own foreground process: one worker, static files only, no access log (Kinora logs at warn).
start_nginx() {
  local port; port=$(free_port)
  NGINX_URL=http://127.0.0.1:$port
  mkdir -p "$OUT/nginx"
  cat > "$OUT/nginx/nginx.conf" <<EOF
daemon off;
worker_processes 1;
pid $OUT/nginx/nginx.pid;
error_log $OUT/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  types { text/html html; }
  default_type text/html;
  charset utf-8;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 1000000;
  open_file_cache max=10000 inactive=60s;
  open_file_cache_errors on;
  client_body_temp_path $OUT/nginx/body;
  proxy_temp_path $OUT/nginx/proxy;
  fastcgi_temp_path $OUT/nginx/fastcgi;
  uwsgi_temp_path $OUT/nginx/uwsgi;
  scgi_temp_path $OUT/nginx/scgi;
  server {
    listen 127.0.0.1:$port;
    root $OUT/snapshots;
    location / { try_files \$uri/\$args.html \$uri.html =404; }
  }
}
EOF
  taskset -c 0 nginx -p "$OUT/nginx" -e "$OUT/nginx/error.log" -c "$OUT/nginx/nginx.conf" >>"$OUT/nginx/error.log" 2>&1 &
  NGINX_PID=$!
  STARTED+=("$NGINX_PID")
  wait_ready "$NGINX_URL/$(head -n1 "$OUT/catalog/film-paths.txt" | cut -c2-)" "$NGINX_PID" "$OUT/nginx/error.log"
}

# ---- load ---------------------------------------------------------------------------------------

paths_of() {
  case $1 in
    film) echo "$OUT/catalog/film-paths.txt" ;;
    browse) echo "$HERE/browse.paths" ;;
    search) echo "$HERE/search.paths" ;;
  esac
}

# wrk on core 1 with $CONNECTIONS connections (or $5); prints the RESULT line of rotate.lua and keeps
# wrk's full report in bench/out.
load() {
  local url=$1 paths=$2 duration=$3 report=$4 connections=${5:-$CONNECTIONS}
  # A 10 s request timeout instead of wrk's 2 s, so slow pages show their real latency instead of dropping out.
  timeout $(( $(seconds "$duration") + 60 )) taskset -c 1 wrk -t1 -c"$connections" -d"$duration" --timeout 10s --latency \
    -s "$HERE/rotate.lua" "$url" -- "$paths" > "$report"
  grep '^RESULT ' "$report" || die "wrk printed no result (see $report)"
}

field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<< "$1"; }

measure() {
  local server=$1 url=$2 page=$3
  load "$url" "$(paths_of "$page")" "$WARMUP" "$OUT/wrk-$server-$page-warmup.txt" > /dev/null
  RESULTS[$server.$page]=$(load "$url" "$(paths_of "$page")" "$DURATION" "$OUT/wrk-$server-$page.txt")
  say "  $server $page: ${RESULTS[$server.$page]#RESULT }"
}

# One request at a time, after the loaded runs: the time a page takes with no queue in front of it.
measure_alone() {
  local page=$1
  RESULTS[alone.$page]=$(load "$KINORA_URL" "$(paths_of "$page")" "$ALONE" "$OUT/wrk-kinora-$page-c1.txt" 1)
  say "  kinora $page, one connection: ${RESULTS[alone.$page]#RESULT }"
}

# ---- the two modes ------------------------------------------------------------------------------

mkdir -p "$OUT"
ensure_database
PATH_LISTS=("$OUT/catalog/film-paths.txt" "$HERE/browse.paths" "$HERE/search.paths")
: > "$OUT/kinora.log"
declare -A RESULTS

if [[ $MODE == profile ]]; then
  for page in "${PAGES[@]}"; do
    rm -rf "$OUT/profile/$page"
    start_kinora --cpu-prof --cpu-prof-dir="$OUT/profile/$page"
    say "profiling the $page page"
    measure kinora "$KINORA_URL" "$page"
    stop_pid "$KINORA_PID"
    STARTED=()
    say "== $page page: where Kinora's time goes"
    "$TSX" "$HERE/profile-summary.ts" "$OUT/profile/$page"/*.cpuprofile
  done
  exit 0
fi

start_kinora
take_snapshots
start_nginx
say "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average $(cut -d' ' -f1-3 /proc/loadavg)"
say "node $(node --version), $(nginx -v 2>&1 | cut -d' ' -f3), $(wrk -v 2>&1 | head -n1 | cut -d' ' -f1-2); wrk -t1 -c$CONNECTIONS -d$DURATION after a $WARMUP warm-up"
for page in "${PAGES[@]}"; do
  measure kinora "$KINORA_URL" "$page"
  measure nginx "$NGINX_URL" "$page"
done
for page in "${PAGES[@]}"; do measure_alone "$page"; done

# The same load on a Kinora with its caches off: what a page costs when it must be built.
stop_pid "$KINORA_PID"
CACHE_MB=0 start_kinora
say "again with KINORA_CACHE_MB=0 (every page built from the database)"
for page in "${PAGES[@]}"; do measure uncached "$KINORA_URL" "$page"; done

{
  echo
  echo "Kinora vs nginx (static snapshots of the same pages), each on one core; $(cat "$OUT/load.txt")"
  printf '%-7s %13s %12s %13s %21s %21s %17s\n' page 'Kinora req/s' 'nginx req/s' 'Kinora/nginx' 'Kinora p50/p99 (ms)' 'nginx p50/p99 (ms)' 'Kinora p95 (ms)'
  for page in "${PAGES[@]}"; do
    k=${RESULTS[kinora.$page]} n=${RESULTS[nginx.$page]}
    printf '%-7s %13s %12s %13s %21s %21s %17s\n' "$page" "$(field "$k" rps)" "$(field "$n" rps)" \
      "$(awk -v a="$(field "$k" rps)" -v b="$(field "$n" rps)" 'BEGIN { printf "%.3g", a / b }')" \
      "$(field "$k" p50) / $(field "$k" p99)" "$(field "$n" p50) / $(field "$n" p99)" "$(field "$k" p95)"
  done
  echo "(closed loop: with $CONNECTIONS requests always in flight, p50 is about $CONNECTIONS / req/s of queueing)"
  echo
  echo "Kinora with its caches off (KINORA_CACHE_MB=0): every request queries and renders"
  printf '%-7s %13s %13s %21s %17s\n' page 'req/s' 'Kinora/nginx' 'p50/p99 (ms)' 'p95 (ms)'
  for page in "${PAGES[@]}"; do
    u=${RESULTS[uncached.$page]} n=${RESULTS[nginx.$page]}
    printf '%-7s %13s %13s %21s %17s\n' "$page" "$(field "$u" rps)" \
      "$(awk -v a="$(field "$u" rps)" -v b="$(field "$n" rps)" 'BEGIN { printf "%.3g", a / b }')" \
      "$(field "$u" p50) / $(field "$u" p99)" "$(field "$u" p95)"
  done
  echo
  echo "Kinora with one connection (no queue; wrk -c1 -d$ALONE):"
  printf '%-7s %9s %9s %9s %9s\n' page 'req/s' 'p50 (ms)' 'p95 (ms)' 'p99 (ms)'
  for page in "${PAGES[@]}"; do
    a=${RESULTS[alone.$page]}
    printf '%-7s %9s %9s %9s %9s\n' "$page" "$(field "$a" rps)" "$(field "$a" p50)" "$(field "$a" p95)" "$(field "$a" p99)"
  done
  for key in "${!RESULTS[@]}"; do
    r=${RESULTS[$key]}
    if [[ $(field "$r" non2xx) != 0 || $(field "$r" socket_errors) != 0 ]]; then
      echo "WARNING: $key had $(field "$r" non2xx) non-2xx answers and $(field "$r" socket_errors) socket errors; its figures do not count"
    fi
    if [[ $(field "$r" timeouts) != 0 ]]; then
      echo "WARNING: $key had $(field "$r" timeouts) requests time out (> 10 s); wrk leaves them out of its percentiles"
    fi
  done
  echo
  verdict() { awk -v v="$1" -v op="$2" -v t="$3" 'BEGIN { ok = (op == ">=") ? v >= t : v < t; print ok ? "met   " : "MISSED" }'; }
  for run in kinora uncached; do
    film=${RESULTS[$run.film]} search=${RESULTS[$run.search]}
    [[ $run == kinora ]] && echo "Targets (one core), as configured by default (caches on):" || echo "Targets (one core), caches off:"
    echo "  $(verdict "$(field "$film" rps)" '>=' 3000)  film page >= 3,000 req/s     ($(field "$film" rps) req/s)"
    echo "  $(verdict "$(field "$film" p99)" '<' 50)  film page p99 < 50 ms        ($(field "$film" p99) ms)"
    echo "  $(verdict "$(field "$search" p95)" '<' 20)  search p95 < 20 ms           ($(field "$search" p95) ms at -c$CONNECTIONS)"
  done
  echo "  search p95 with one connection, caches on: $(field "${RESULTS[alone.search]}" p95) ms"
} | tee "$OUT/results.txt"

if [[ ${BENCH_STRICT:-0} == 1 ]] && grep -q MISSED "$OUT/results.txt"; then exit 1; fi
