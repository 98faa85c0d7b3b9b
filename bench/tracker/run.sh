#!/usr/bin/env bash
# Tracker benchmark: Kinora's tracker (`kinora tracker`, memory store) side by side with
# opentracker (Debian's package, whitelist mode) and bittorrent-tracker (webtorrent, from npm) on
# the same infohashes and the same peers, and node-floor.mjs (Node's own sockets answering fixed
# bytes: the ceiling of any tracker on node:dgram and node:http). Each tracker runs alone, pinned
# to core 0; the load generators (udpload.c, httpload.c, compiled here) run on core 1. Prints
# announces/s, the tracker's CPU and memory and the ratios to opentracker; then bytes per peer
# with a million peers, and Kinora's Redis store with one and two processes.
#
#   npm run bench:tracker                 # the benchmark (output and caches in bench/out/tracker)
#   npm run bench:tracker -- --profile    # Kinora alone under `node --cpu-prof`, one profile per mode
#
# Settings (environment): BENCH_DURATION (10s), BENCH_WARMUP (3s), BENCH_TORRENTS ("1000 10000"),
# BENCH_PEERS (50000), BENCH_NUMWANT (50), BENCH_CONNECTIONS (64: HTTP connections, and source
# addresses of both protocols), BENCH_UDP_WINDOW (64 requests in flight), BENCH_MEMORY_PEERS
# (1000000), BENCH_MEMORY_TORRENTS (10000), BENCH_MEMORY_TRACKERS ("kinora opentracker"; add
# bittorrent-tracker to measure it too), BENCH_REDIS_URL (redis://127.0.0.1:6379; the Redis rows
# are skipped when it does not answer), BENCH_SKIP (any of: bittorrent-tracker node-floor memory
# redis), BENCH_RETRIES (4: a window in which other programs used more than 15 % of a core is
# measured again, 10 s later, up to this many times), BENCH_OUT (bench/out/tracker),
# BENCH_STRICT=1 to exit 1 when a target is missed, BENCH_PROFILE_MODES (for --profile;
# "udp-reuse http-keepalive http-close").
set -euo pipefail

HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=${BENCH_OUT:-$ROOT/bench/out/tracker}
# say, die, seconds, STARTED with stop_pid and stop_all (and free_port, replaced below by one for TCP and UDP).
. "$HERE/../lib.sh"
DURATION=$(seconds "${BENCH_DURATION:-10s}")
WARMUP=$(seconds "${BENCH_WARMUP:-3s}")
TORRENT_COUNTS=(${BENCH_TORRENTS:-1000 10000})
PEERS=${BENCH_PEERS:-50000}
NUMWANT=${BENCH_NUMWANT:-50}
CONNECTIONS=${BENCH_CONNECTIONS:-64}
WINDOW=${BENCH_UDP_WINDOW:-64}
MEMORY_PEERS=${BENCH_MEMORY_PEERS:-1000000}
MEMORY_TORRENTS=${BENCH_MEMORY_TORRENTS:-10000}
MEMORY_TRACKERS=(${BENCH_MEMORY_TRACKERS:-kinora opentracker})
REDIS_URL=${BENCH_REDIS_URL:-redis://127.0.0.1:6379}
SKIP=" ${BENCH_SKIP:-} "
RETRIES=${BENCH_RETRIES:-4}
BT_VERSION=11.2.3
TSX=$ROOT/node_modules/.bin/tsx

MODE=compare
case "${1:-}" in
  '') ;;
  --profile) MODE=profile ;;
  *) echo "usage: run.sh [--profile]" >&2; exit 2 ;;
esac

skipped() { [[ $SKIP == *" $1 "* ]]; }

# ---- processes we start, and only those, are stopped on exit; our Redis keys are deleted --------

REDIS_PREFIX=''
drop_redis_keys() {
  [[ -n $REDIS_PREFIX ]] || return 0
  redis-cli -u "$REDIS_URL" --scan --pattern "${REDIS_PREFIX}*" 2>/dev/null | xargs -r -n 500 redis-cli -u "$REDIS_URL" del >/dev/null 2>&1 || true
}
cleanup() {
  stop_all
  drop_redis_keys
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- prerequisites ------------------------------------------------------------------------------

(( $(nproc) >= 2 )) || die "needs two cores (trackers on core 0, load on core 1); this machine has $(nproc)"
for pair in opentracker:opentracker cc:gcc; do
  cmd=${pair%%:*} pkg=${pair#*:}
  command -v "$cmd" >/dev/null && continue
  [[ $EUID -eq 0 ]] || die "$cmd is missing; install the Debian package $pkg and run again"
  say "installing $pkg with apt-get"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$pkg" >/dev/null
done
for cmd in taskset curl node ss; do command -v "$cmd" >/dev/null || die "$cmd is missing"; done
[[ -x $TSX ]] || die "run npm install first ($TSX is missing)"

mkdir -p "$OUT/bin" "$OUT/raw"
# Progress (stderr) is kept in run.log (profile.log with --profile), the report in results.txt,
# each generator's output in raw/.
exec 2> >(tee "$OUT/$([[ $MODE == profile ]] && echo profile || echo run).log" >&2)
cc -O2 -Wall -o "$OUT/bin/udpload" "$HERE/udpload.c"
cc -O2 -Wall -o "$OUT/bin/httpload" "$HERE/httpload.c"

# bittorrent-tracker goes into a folder of its own with --ignore-scripts: never into the project,
# and without node-datachannel's install step (it downloads a binary). bt-tracker.mjs is copied
# next to it so that `import 'bittorrent-tracker/server'` resolves there.
if ! skipped bittorrent-tracker; then
  if [[ ! -f $OUT/peers/node_modules/bittorrent-tracker/package.json ]] || ! grep -q "\"version\": \"$BT_VERSION\"" "$OUT/peers/node_modules/bittorrent-tracker/package.json"; then
    mkdir -p "$OUT/peers"
    echo '{"private":true,"type":"module"}' > "$OUT/peers/package.json"
    say "installing bittorrent-tracker@$BT_VERSION into $OUT/peers"
    (cd "$OUT/peers" && npm install --ignore-scripts --no-save --no-audit --no-fund --no-package-lock "bittorrent-tracker@$BT_VERSION" >/dev/null)
  fi
  cp "$HERE/bt-tracker.mjs" "$OUT/peers/bt-tracker.mjs"
fi

# ---- catalogs: one database of N releases per torrent count, rebuilt when its inputs change -----

ensure_catalog() {
  local n=$1 dir=$OUT/data-$1 key
  key=$({ echo "torrents=$n"; cat "$HERE/generate.ts" "$ROOT"/src/db/migrations/*.ts; } | sha256sum | cut -c1-16)
  if [[ -f $dir/db.key && $(cat "$dir/db.key") == "$key" && -f $dir/kinora.db && -f $dir/infohashes.txt ]]; then return; fi
  rm -rf "$dir"
  say "generating a catalog of $n releases"
  "$TSX" "$HERE/generate.ts" --data "$dir" --torrents "$n" >&2
  echo "$key" > "$dir/db.key"
}

# ---- trackers: each started on core 0; sets PID and PORT ----------------------------------------

# A port free for both TCP and UDP on 127.0.0.1 (every tracker serves both on one number).
free_port() {
  node -e "
    const net = require('net'), dgram = require('dgram');
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const port = s.address().port, u = dgram.createSocket('udp4');
      u.on('error', () => { s.close(); process.exit(1); });
      u.bind(port, '127.0.0.1', () => { console.log(port); u.close(); s.close(); });
    });"
}

# Waits until the process listens on TCP and UDP `port`.
wait_listening() {
  local pid=$1 port=$2 log=$3
  for _ in $(seq 300); do
    kill -0 "$pid" 2>/dev/null || { tail -n 20 "$log" >&2; die "the tracker exited before listening on $port"; }
    if [[ $(ss -Hlntu "sport = :$port" | wc -l) -ge 2 ]]; then return 0; fi
    sleep 0.1
  done
  die "nothing listening on $port after 30 s (see $log)"
}

kinora_env() {
  local n=$1
  # Kinora must use the SQLite file of this catalog, whatever the caller's environment says.
  echo env -u KINORA_DATABASE_URL -u KINORA_CONFIG -u KINORA_API_TOKEN KINORA_DATA_DIR="$OUT/data-$n" KINORA_DEMO=0 \
    KINORA_LOG_LEVEL=warn KINORA_TRACKER_RATE=0 KINORA_HOST=127.0.0.1
}

# start_kinora <torrents> [node options…]; with STORE=redis, the Redis store under REDIS_PREFIX.
start_kinora() {
  local n=$1; shift
  PORT=$(free_port)
  local log=$OUT/kinora.log
  local store=()
  if [[ ${STORE:-memory} == redis ]]; then store=(KINORA_TRACKER_STORE=redis KINORA_REDIS_URL="$REDIS_URL" KINORA_REDIS_PREFIX="$REDIS_PREFIX"); fi
  $(kinora_env "$n") "${store[@]}" KINORA_PORT="$PORT" KINORA_TRACKER_UDP_PORT="$PORT" \
    taskset -c 0 node "$@" "$ROOT/bin/kinora.js" tracker >>"$log" 2>&1 &
  PID=$!
  STARTED+=("$PID")
  wait_listening "$PID" "$PORT" "$log"
  local torrents
  torrents=$(curl -sf "http://127.0.0.1:$PORT/healthz" | sed -n 's/.*"torrents":\([0-9]*\).*/\1/p')
  [[ $torrents == "$n" ]] || die "Kinora tracks ${torrents:-no} torrents, expected $n (see $log)"
}

# Debian's opentracker: IPv4 build with WANT_ACCESSLIST_WHITE; it chroots into its folder and drops
# to `nobody`, so the whitelist is named relative to that folder. No UDP worker threads (Debian's
# configuration sets none): the main loop serves TCP and UDP.
start_opentracker() {
  local n=$1 dir=$OUT/opentracker-$1
  PORT=$(free_port)
  mkdir -p "$dir"
  cp "$OUT/data-$n/infohashes.txt" "$dir/whitelist.txt"
  chmod 755 "$dir"; chmod 644 "$dir/whitelist.txt"
  taskset -c 0 opentracker -i 127.0.0.1 -p "$PORT" -P "$PORT" -d "$dir" -w whitelist.txt -u nobody >>"$OUT/opentracker.log" 2>&1 &
  PID=$!
  STARTED+=("$PID")
  wait_listening "$PID" "$PORT" "$OUT/opentracker.log"
  sleep 0.5 # the whitelist is read by a thread of its own after start
}

start_bt() {
  local n=$1
  PORT=$(free_port)
  taskset -c 0 node "$OUT/peers/bt-tracker.mjs" "$PORT" "$OUT/data-$n/infohashes.txt" >>"$OUT/bittorrent-tracker.log" 2>&1 &
  PID=$!
  STARTED+=("$PID")
  wait_listening "$PID" "$PORT" "$OUT/bittorrent-tracker.log"
}

# node-floor.mjs: fixed answers of the size the trackers give (numwant, or the swarm less the asker).
start_floor() {
  local n=$1 each=$(( PEERS / $1 - 1 ))
  (( each > NUMWANT )) && each=$NUMWANT
  PORT=$(free_port)
  taskset -c 0 node "$HERE/node-floor.mjs" "$PORT" "$each" >>"$OUT/node-floor.log" 2>&1 &
  PID=$!
  STARTED+=("$PID")
  wait_listening "$PID" "$PORT" "$OUT/node-floor.log"
}

start_tracker() {
  case $1 in
    kinora) start_kinora "$2" ;;
    opentracker) start_opentracker "$2" ;;
    bittorrent-tracker) start_bt "$2" ;;
    node-floor) start_floor "$2" ;;
  esac
}

stop_tracker() {
  local pid keep=()
  stop_pid "$1"
  for pid in "${STARTED[@]}"; do [[ $pid == "$1" ]] || keep+=("$pid"); done
  STARTED=("${keep[@]}")
}

# ---- load ---------------------------------------------------------------------------------------

field() { sed -n "s/.* $2=\([^ ]*\).*/\1/p" <<< "$1"; }

# run_load <raw file> udpload|httpload <args…>: the generator on core 1; prints its RESULT line.
run_load() {
  local raw=$1 tool=$2; shift 2
  timeout 900 taskset -c 1 "$OUT/bin/$tool" "$@" > "$raw" || { cat "$raw" >&2; die "$tool failed (see $raw)"; }
  grep -E '^(FILL|FIRST_ERROR|SCRAPE|STALLED)' "$raw" | sed 's/^/    /' >&2 || true
  grep '^RESULT ' "$raw" || die "$tool printed no result (see $raw)"
}

# Percent of a core that neither the measured processes nor the load generator used during the
# window: other programs on the machine (plus a few percent of unattributed interrupt time).
others() {
  local r=$1
  awk -v cpus="$(field "$r" cpu)" -v lcpu="$(field "$r" load_cpu)" -v c0="$(field "$r" core0)" -v c1="$(field "$r" core1)" \
    'BEGIN { n = split(cpus, a, ","); s = 0; for (i = 1; i <= n; i++) s += a[i]; printf "%.0f", c0 + c1 - s - lcpu }'
}

# measure <key> <raw file> udpload|httpload <args…>: run_load, again (up to RETRIES times) while
# other programs took more than 15 % of a core during the window; the first run's --fill is not repeated.
measure() {
  local key=$1 raw=$2 tool=$3; shift 3
  local attempt r other args=("$@")
  for (( attempt = 0; ; attempt++ )); do
    r=$(run_load "$raw" "$tool" "${args[@]}")
    other=$(others "$r")
    if (( other <= 15 || attempt >= RETRIES )); then break; fi
    say "    other programs used $other % of a core during the window; measuring again in 10 s"
    mv "$raw" "$raw.busy-$attempt"
    sleep 10
    local kept=() a
    for a in "${args[@]}"; do [[ $a == --fill ]] || kept+=("$a"); done
    args=("${kept[@]}")
  done
  (( other <= 15 )) || say "    WARNING: other programs used $other % of a core during the window"
  R[$key]=$r
  say "    $(cut -d' ' -f2- <<< "$r")"
}

declare -A R=()
MODES=(udp-reuse udp-connect http-keepalive http-close)

# One tracker, one torrent count: the swarms are filled once (every peer announced over UDP; the
# HTTP runs announce the same peers, since both generators use the same addresses and ports), then
# each mode gets its warm-up and its measured window.
measure_tracker() {
  local tracker=$1 n=$2 hashes=$OUT/data-$2/infohashes.txt
  start_tracker "$tracker" "$n"
  local common=(--hashes "$hashes" --torrents "$n" --peers "$PEERS" --numwant "$NUMWANT" --pid "$PID" --warmup "$WARMUP" --duration "$DURATION")
  local mode fill
  for mode in "${MODES[@]}"; do
    if [[ $tracker == opentracker && $mode == http-keepalive ]]; then continue; fi
    fill=()
    [[ $mode == udp-reuse ]] && fill=(--fill)
    say "  $tracker, $n torrents, $mode"
    local raw=$OUT/raw/$tracker-$n-$mode.txt
    case $mode in
      udp-*) measure "$tracker.$n.$mode" "$raw" udpload --port "$PORT" --sources "$CONNECTIONS" --window "$WINDOW" --mode "${mode#udp-}" "${fill[@]}" "${common[@]}" ;;
      http-*) measure "$tracker.$n.$mode" "$raw" httpload --port "$PORT" --connections "$CONNECTIONS" --mode "${mode#http-}" "${common[@]}" ;;
    esac
  done
  stop_tracker "$PID"
}

rss_kb() { sed -n 's/^VmRSS:[[:space:]]*\([0-9]*\).*/\1/p' "/proc/$1/status"; }

# A fresh tracker filled with MEMORY_PEERS peers (MEMORY_TORRENTS torrents, equal swarms) over UDP
# from 256 source addresses; its RSS before and after, and the peers its scrape counts.
measure_memory() {
  local tracker=$1 n=$MEMORY_TORRENTS
  start_tracker "$tracker" "$n"
  sleep 2
  local before; before=$(rss_kb "$PID")
  say "  $tracker: $MEMORY_PEERS peers over $n torrents"
  local raw=$OUT/raw/$tracker-memory.txt
  timeout 900 taskset -c 1 "$OUT/bin/udpload" --port "$PORT" --hashes "$OUT/data-$n/infohashes.txt" --torrents "$n" --peers "$MEMORY_PEERS" \
    --sources 256 --window "$WINDOW" --numwant "$NUMWANT" --fill --max-fill 600 --scrape > "$raw" || { cat "$raw" >&2; die "udpload failed (see $raw)"; }
  sleep 2
  local after; after=$(rss_kb "$PID")
  local fill scrape; fill=$(grep '^FILL ' "$raw" || true) scrape=$(grep '^SCRAPE ' "$raw" || true)
  say "    $fill"
  say "    $scrape"
  # The same announces once more: no new peers, so what RSS does now is the heap, not the swarms.
  timeout 900 taskset -c 1 "$OUT/bin/udpload" --port "$PORT" --hashes "$OUT/data-$n/infohashes.txt" --torrents "$n" --peers "$MEMORY_PEERS" \
    --sources 256 --window "$WINDOW" --numwant "$NUMWANT" --fill --max-fill 600 > "$OUT/raw/$tracker-memory-again.txt" || die "udpload failed (see $OUT/raw/$tracker-memory-again.txt)"
  sleep 2
  local again; again=$(rss_kb "$PID")
  say "    RSS $(( before / 1024 )) MB empty, $(( after / 1024 )) MB filled, $(( again / 1024 )) MB after announcing every peer again"
  M[$tracker]="before_kb=$before after_kb=$after again_kb=$again peers=$(field "$scrape" peers) fill_rate=$(field "$fill" rate)"
  stop_tracker "$PID"
}

# ---- profile mode -------------------------------------------------------------------------------

if [[ $MODE == profile ]]; then
  n=${TORRENT_COUNTS[-1]}
  ensure_catalog "$n"
  : > "$OUT/kinora.log"
  for mode in ${BENCH_PROFILE_MODES:-udp-reuse http-keepalive http-close}; do
    rm -rf "$OUT/profile/$mode"
    start_kinora "$n" --cpu-prof --cpu-prof-dir="$OUT/profile/$mode"
    say "profiling Kinora, $n torrents, $mode"
    common=(--hashes "$OUT/data-$n/infohashes.txt" --torrents "$n" --peers "$PEERS" --numwant "$NUMWANT" --pid "$PID" --warmup "$WARMUP" --duration "$DURATION")
    case $mode in
      udp-*) run_load "$OUT/raw/profile-$mode.txt" udpload --port "$PORT" --sources "$CONNECTIONS" --window "$WINDOW" --mode reuse --fill "${common[@]}" >&2 ;;
      http-*) run_load "$OUT/raw/profile-$mode.txt" httpload --port "$PORT" --connections "$CONNECTIONS" --mode "${mode#http-}" --fill "${common[@]}" >&2 ;;
    esac
    stop_tracker "$PID"
    say "== $mode: where Kinora's time goes (the fill and warm-up are in the profile too)"
    "$TSX" "$ROOT/bench/pages/profile-summary.ts" "$OUT/profile/$mode"/*.cpuprofile
  done
  exit 0
fi

# ---- the benchmark ------------------------------------------------------------------------------

for n in "${TORRENT_COUNTS[@]}"; do ensure_catalog "$n"; done
skipped memory || ensure_catalog "$MEMORY_TORRENTS"
: > "$OUT/kinora.log"; : > "$OUT/opentracker.log"; : > "$OUT/bittorrent-tracker.log"; : > "$OUT/node-floor.log"
TRACKERS=(kinora opentracker)
skipped bittorrent-tracker || TRACKERS+=(bittorrent-tracker)
skipped node-floor || TRACKERS+=(node-floor)

LOAD_START=$(cut -d' ' -f1-3 /proc/loadavg)
touch "$OUT/.run-start" # a file of src/ newer than this changed while the trackers were measured
say "machine: $(nproc) cores, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), load average $LOAD_START"
KINORA_VERSION=$(git -C "$ROOT" rev-parse --short HEAD 2>/dev/null || echo '?')
if [[ -n $(git -C "$ROOT" status --porcelain -- src 2>/dev/null) ]]; then KINORA_VERSION+=' with uncommitted changes in src/'; fi
say "Kinora $KINORA_VERSION, node $(node --version), opentracker $(dpkg-query -W -f '${Version}' opentracker 2>/dev/null || echo '?'), bittorrent-tracker $BT_VERSION"
say "$PEERS peers (source addresses 127.1.x.y × ports, $CONNECTIONS addresses), numwant $NUMWANT; UDP window $WINDOW, HTTP $CONNECTIONS connections; warm-up ${WARMUP}s, measured ${DURATION}s"

for n in "${TORRENT_COUNTS[@]}"; do
  for tracker in "${TRACKERS[@]}"; do measure_tracker "$tracker" "$n"; done
done

declare -A M=()
if ! skipped memory; then
  say "memory: $MEMORY_PEERS peers"
  for tracker in "${MEMORY_TRACKERS[@]}"; do
    [[ $tracker == bittorrent-tracker ]] && skipped bittorrent-tracker && continue
    measure_memory "$tracker"
  done
fi

# Kinora's Redis store: two tracker processes on core 0 sharing swarms in Redis, the load split
# over both; one process for comparison. Redis is the machine's own server (not started or pinned
# here), so it competes with the trackers and the load for the two cores.
REDIS_ROWS=()
if ! skipped redis; then
  if command -v redis-cli >/dev/null && redis-cli -u "$REDIS_URL" ping 2>/dev/null | grep -q PONG; then
    REDIS_PREFIX="kinora-bench-$$-$RANDOM:"
    redis_pid=$(redis-cli -u "$REDIS_URL" info server | sed -n 's/^process_id:\([0-9]*\).*/\1/p' | tr -d '\r')
    n=${TORRENT_COUNTS[-1]}
    hashes=$OUT/data-$n/infohashes.txt
    for procs in 1 2; do
      drop_redis_keys
      pids=() ports=()
      for _ in $(seq "$procs"); do STORE=redis start_kinora "$n"; pids+=("$PID"); ports+=("$PORT"); done
      watch=$(IFS=,; echo "${pids[*]}${redis_pid:+,$redis_pid}")
      port_list=$(IFS=,; echo "${ports[*]}")
      for mode in udp-reuse http-keepalive; do
        say "  Kinora + Redis, $procs process(es), $n torrents, $mode"
        raw=$OUT/raw/kinora-redis-$procs-$n-$mode.txt
        common=(--hashes "$hashes" --torrents "$n" --peers "$PEERS" --numwant "$NUMWANT" --pid "$watch" --warmup "$WARMUP" --duration "$DURATION")
        case $mode in
          udp-*) measure "redis.$procs.$mode" "$raw" udpload --port "$port_list" --sources "$CONNECTIONS" --window "$WINDOW" --mode reuse --fill "${common[@]}" ;;
          http-*) measure "redis.$procs.$mode" "$raw" httpload --port "$port_list" --connections "$CONNECTIONS" --mode keepalive "${common[@]}" ;;
        esac
        REDIS_ROWS+=("$procs.$mode")
      done
      for pid in "${pids[@]}"; do stop_tracker "$pid"; done
    done
    drop_redis_keys
  else
    say "Redis does not answer at $REDIS_URL: the Redis rows are skipped"
  fi
fi
LOAD_END=$(cut -d' ' -f1-3 /proc/loadavg)

# ---- the report ---------------------------------------------------------------------------------

source "$HERE/report.sh"
print_report | tee "$OUT/results.txt"

if [[ ${BENCH_STRICT:-0} == 1 ]] && grep -q MISSED "$OUT/results.txt"; then exit 1; fi
