# The tracker benchmark's report, sourced by run.sh once everything is measured: the table of
# announces, the memory line, the Redis rows and the targets. Reads run.sh's R (results by
# tracker.torrents.mode), M (memory by tracker) and settings; `field` and `others` come from there.

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0 && a != "" && a != "-") printf "%.2f", a / b; else printf "-" }'; }
per_cpu() { awk -v r="$1" -v c="$2" 'BEGIN { if (c > 0) printf "%.0f", r / (c / 100); else printf "-" }'; }
mb() { awk -v k="$1" 'BEGIN { if (k == "") printf "-"; else printf "%.0f", k / 1024 }'; }
per_peer() { awk -v a="$1" -v b="$2" -v p="$3" 'BEGIN { if (p > 0) printf "%.1f", (a - b) * 1024 / p; else printf "-" }'; }
load_bound() { awk -v l="$(field "$1" load_cpu)" 'BEGIN { exit !(l >= 95) }'; }
busy() { (( $(others "$1") > 15 )); }
mode_label() {
  case $1 in
    udp-reuse) echo 'UDP, id reused' ;;
    udp-connect) echo 'UDP, connect each' ;;
    http-keepalive) echo 'HTTP keep-alive' ;;
    http-close) echo 'HTTP, conn. each' ;;
  esac
}
row() { printf '%-19s %-18s %8s %12s %7s %7s %10s %10s %10s %7s\n' "$@"; }
print_report() {
  echo
  echo "Announces on one core (tracker pinned to core 0, load generator to core 1): $PEERS peers, numwant $NUMWANT, ${DURATION} s measured after filling the swarms and a ${WARMUP} s warm-up"
  echo "Kinora $KINORA_VERSION (at the start of the run), $(date -u '+%Y-%m-%d %H:%M UTC')"
  row tracker protocol torrents 'announces/s' 'CPU %' 'RSS MB' 'per CPU-s' 'vs opentr' 'per CPU-s' 'load %'
  row '' '' '' '' '' '' '' '' 'vs opentr' ''
  for n in "${TORRENT_COUNTS[@]}"; do
    for mode in "${MODES[@]}"; do
      # opentracker closes every HTTP connection after its answer: keep-alive rows are compared with its connection-each row (†).
      ref=${R[opentracker.$n.$mode]:-${R[opentracker.$n.http-close]:-}}
      mark=''
      [[ $mode == http-keepalive ]] && mark='†'
      ref_per_cpu=$(per_cpu "$(field "$ref" rate)" "$(field "$ref" cpu)")
      for tracker in "${TRACKERS[@]}"; do
        r=${R[$tracker.$n.$mode]:-}
        [[ -n $r ]] || continue
        star=''
        load_bound "$r" && star='*'
        busy "$r" && star+='!'
        pc=$(per_cpu "$(field "$r" rate)" "$(field "$r" cpu)")
        row "$tracker" "$(mode_label "$mode")" "$n" "$(field "$r" rate)$star" "$(field "$r" cpu)" "$(mb "$(field "$r" rss_kb)")" "$pc" \
          "$(ratio "$(field "$r" rate)" "$(field "$ref" rate)")$mark" "$(ratio "$pc" "$ref_per_cpu")$mark" "$(field "$r" load_cpu)"
      done
    done
  done
  echo "CPU % = the tracker's user + system time in the window (100 = one core); per CPU-s = announces per second of that time;"
  echo "RSS = VmRSS at the end of the window; load % = the load generator's CPU."
  echo "* load % >= 95: the load generator set the pace, so the tracker may do more (on loopback the kernel work of a packet or a"
  echo "  TCP handshake is largely done on the sending core); compare per CPU-s there."
  echo "! other programs used more than 15 % of a core during the window (after $RETRIES retries): announces/s is low there;"
  echo "  per CPU-s, which counts only the tracker's own time, is the figure to read."
  echo "† opentracker answers one announce per connection, then closes it: keep-alive rows are compared with its connection-each row."
  for key in $(printf '%s\n' "${!R[@]}" | sort); do
    r=${R[$key]}
    bad=$(( $(field "$r" errors) + $(field "$r" timeouts) + $(field "$r" failed) ))
    if (( bad > 0 )); then echo "WARNING: $key: $(field "$r" errors) errors, $(field "$r" timeouts) timeouts, $(field "$r" failed) failed requests (see $OUT/raw)"; fi
    other=$(others "$r")
    if (( other > 15 )); then echo "WARNING: $key: other programs used $other % of a core during the window"; fi
  done

  ot_bpp=''
  if (( ${#M[@]} > 0 )); then
    echo
    echo "Memory with $MEMORY_PEERS peers ($MEMORY_TORRENTS torrents x $(( MEMORY_PEERS / MEMORY_TORRENTS )) peers, announced over UDP from 256 addresses): RSS filled minus RSS empty, per peer counted by scrape"
    printf '%-19s %9s %10s %14s %15s %10s %18s\n' tracker 'empty MB' 'filled MB' 'peers (scrape)' 'bytes per peer' 'vs opentr' 'again: MB, B/peer'
    if [[ -n ${M[opentracker]:-} ]]; then
      m=" ${M[opentracker]}"
      ot_bpp=$(per_peer "$(field "$m" after_kb)" "$(field "$m" before_kb)" "$(field "$m" peers)")
    fi
    for tracker in "${MEMORY_TRACKERS[@]}"; do
      [[ -n ${M[$tracker]:-} ]] || continue
      m=" ${M[$tracker]}"
      bpp=$(per_peer "$(field "$m" after_kb)" "$(field "$m" before_kb)" "$(field "$m" peers)")
      printf '%-19s %9s %10s %14s %15s %10s %18s\n' "$tracker" "$(mb "$(field "$m" before_kb)")" "$(mb "$(field "$m" after_kb)")" "$(field "$m" peers)" "$bpp" "$(ratio "$bpp" "$ot_bpp")" \
        "$(mb "$(field "$m" again_kb)"), $(per_peer "$(field "$m" again_kb)" "$(field "$m" before_kb)" "$(field "$m" peers)")"
    done
    echo "again = after announcing every peer a second time (no new peers): a change there is heap, not swarms."
  fi

  if (( ${#REDIS_ROWS[@]} > 0 )); then
    n=${TORRENT_COUNTS[-1]}
    echo
    echo "Kinora with KINORA_TRACKER_STORE=redis, $n torrents, $PEERS peers: the tracker processes on core 0, the load on core 1, Redis unpinned"
    printf '%-10s %-18s %12s %16s %11s %17s\n' processes protocol 'announces/s' 'tracker CPU %' 'Redis CPU %' 'vs memory store'
    for key in "${REDIS_ROWS[@]}"; do
      procs=${key%%.*} mode=${key#*.}
      r=${R[redis.$key]}
      cpus=$(field "$r" cpu)
      printf '%-10s %-18s %12s %16s %11s %17s\n' "$procs" "$(mode_label "$mode")" "$(field "$r" rate)" "$(cut -d, -f1-"$procs" <<< "$cpus")" \
        "$(cut -s -d, -f$(( procs + 1 )) <<< "$cpus")" "$(ratio "$(field "$r" rate)" "$(field "${R[kinora.$n.$mode]:-}" rate)")"
    done
    echo "With two cores, two processes share core 0 and Redis takes what the scheduler gives it: this shows that processes share"
    echo "swarms and what the Redis store costs per announce, not how the store scales with cores."
  fi

  echo
  verdict() { awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN { if (v == "" || v == "-") { print "n/a   "; exit } ok = (op == "<=") ? v <= t : v >= t; print ok ? "met   " : "MISSED" }'; }
  echo "Targets (announces/s ratios; per CPU-s in brackets):"
  for n in "${TORRENT_COUNTS[@]}"; do
    for mode in udp-reuse udp-connect http-close; do
      k=${R[kinora.$n.$mode]:-} o=${R[opentracker.$n.$mode]:-}
      v=$(ratio "$(field "$k" rate)" "$(field "$o" rate)")
      c=$(ratio "$(per_cpu "$(field "$k" rate)" "$(field "$k" cpu)")" "$(per_cpu "$(field "$o" rate)" "$(field "$o" cpu)")")
      extra=''
      [[ $mode == udp-* ]] && extra="; milestone 0.5x: $(verdict "$v" 0.5 '>=' | xargs)"
      [[ $mode == http-close ]] && extra="; Kinora keep-alive: $(ratio "$(field "${R[kinora.$n.http-keepalive]:-}" rate)" "$(field "$o" rate)")x"
      if { [[ -n $k ]] && busy "$k"; } || { [[ -n $o ]] && busy "$o"; }; then extra+="; a busy window (!): read the per CPU-s ratio"; fi
      proto=${mode%%-*}
      echo "  $(verdict "$v" 1.0 '>=')  ${proto^^} >= 1.0x opentracker, $n torrents, $(mode_label "$mode"): ${v}x (${c}x)$extra"
    done
  done
  for n in "${TORRENT_COUNTS[@]}"; do
    [[ -n ${R[node-floor.$n.udp-reuse]:-} ]] || continue
    line="  Kinora / node floor, $n torrents:"
    for mode in "${MODES[@]}"; do line+=" $(mode_label "$mode") $(ratio "$(field "${R[kinora.$n.$mode]:-}" rate)" "$(field "${R[node-floor.$n.$mode]:-}" rate)")x;"; done
    echo "${line%;}"
  done
  if [[ -n ${M[kinora]:-} && -n $ot_bpp ]]; then
    m=" ${M[kinora]}"
    kb=$(per_peer "$(field "$m" after_kb)" "$(field "$m" before_kb)" "$(field "$m" peers)")
    v=$(ratio "$kb" "$ot_bpp")
    echo "  $(verdict "$v" 1.5 '<=')  RSS per peer at $MEMORY_PEERS peers <= 1.5x opentracker's: ${v}x ($kb vs $ot_bpp bytes)"
  fi
  echo "load average at start $LOAD_START, at end $LOAD_END"
  changed=$(find "$ROOT/src" -type f -newer "$OUT/.run-start" -printf '%P ' 2>/dev/null | head -c 300)
  if [[ -n $changed ]]; then echo "WARNING: files in src/ changed during the run, so not every row measured the same Kinora: $changed"; fi
}
