# Shell helpers the benchmark scripts share (sourced by bench/<name>/run.sh after it sets its own
# settings). Only processes a script starts, and records in STARTED, are ever stopped.

say() { printf '%s\n' "$*" >&2; }
die() { say "error: $*"; exit 1; }

# "10s" -> 10, for durations given as wrk takes them.
seconds() { local d=$1; echo "${d%s}"; }

STARTED=()
# Stops one process we started: TERM, then KILL after 10 s.
stop_pid() {
  local pid=$1
  kill -TERM "$pid" 2>/dev/null || return 0
  for _ in $(seq 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}
stop_all() {
  local pid
  for pid in "${STARTED[@]}"; do stop_pid "$pid"; done
  STARTED=()
}

# A free TCP port on 127.0.0.1.
free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }

# Waits until `url` answers 2xx, failing if process `pid` exits first (showing the tail of `log`, if given).
wait_ready() {
  local url=$1 pid=$2 log=${3:-}
  for _ in $(seq 600); do
    curl -sf -o /dev/null "$url" && return 0
    kill -0 "$pid" 2>/dev/null || { [[ -n $log ]] && tail -n 20 "$log" >&2; die "the server exited before answering $url"; }
    sleep 0.1
  done
  die "no answer from $url after 60 s"
}
