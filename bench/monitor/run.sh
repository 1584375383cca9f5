#!/bin/bash
# Side-by-side benchmark of conmon-swift against Debian's C conmon, same flags,
# same runc, same busybox bundle:
#   1. memory of the monitor of one running container (RssAnon, VmRSS);
#   2. log throughput: a container writes ~200 MB of short lines to stdout
#      (k8s-file); time from `runc start` to the exit file.
# Prints each number and the ratio conmon-swift / C conmon (lower is better).
#
# Usage: bench/monitor/run.sh [PATH-TO-conmon-swift]
#   default: $BERTH_BIN_DIR/conmon-swift, else .build/release/conmon-swift
#   (built with `swift build -c release --product conmon-swift` if missing).
# Env: RUNS (default 3), LOG_MB (default 200), RUNTIME (default /usr/sbin/runc),
#      CONMON (default /usr/bin/conmon), WORK (default: a temp dir under /var/tmp).
set -euo pipefail

RUNS=${RUNS:-3}
LOG_MB=${LOG_MB:-200}
RUNTIME=${RUNTIME:-/usr/sbin/runc}
CONMON=${CONMON:-/usr/bin/conmon}
HERE=$(cd "$(dirname "$0")/../.." && pwd)

SWIFT_MON=${1:-}
if [[ -z $SWIFT_MON ]]; then
    if [[ -n ${BERTH_BIN_DIR:-} ]]; then
        SWIFT_MON=$BERTH_BIN_DIR/conmon-swift
    else
        SWIFT_MON=$HERE/.build/release/conmon-swift
        [[ -x $SWIFT_MON ]] || (cd "$HERE" && swift build -c release --product conmon-swift >&2)
    fi
fi
[[ -x $SWIFT_MON ]] || { echo "no conmon-swift at $SWIFT_MON" >&2; exit 1; }
[[ $(id -u) == 0 ]] || { echo "run as root (runc needs it)" >&2; exit 1; }
for b in "$CONMON" "$RUNTIME" /bin/busybox; do [[ -x $b ]] || { echo "missing $b" >&2; exit 1; }; done

WORK=${WORK:-$(mktemp -d /var/tmp/bench-monitor.XXXXXX)}
cleanup() {
    for id in $("$RUNTIME" list -q 2>/dev/null | grep '^bm-' || true); do "$RUNTIME" delete -f "$id" >/dev/null 2>&1 || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT

# bundle: busybox rootfs, config from `runc spec`, args set per run
make_bundle() { # DIR ARGS-JSON
    local dir=$1 args=$2
    mkdir -p "$dir/rootfs/bin"
    cp /bin/busybox "$dir/rootfs/bin/busybox"
    for a in sh yes head sleep cat; do ln -sf busybox "$dir/rootfs/bin/$a"; done
    (cd "$dir" && "$RUNTIME" spec)
    jq --argjson a "$args" '.process.terminal=false | .process.args=$a | .root.readonly=false' \
        "$dir/config.json" > "$dir/config.json.new"
    mv "$dir/config.json.new" "$dir/config.json"
}

# launch MONITOR ID BUNDLE [LOG-DRIVER]: create the container under the monitor, return when created
launch() {
    local mon=$1 id=$2 bundle=$3 run=$WORK/run-$2
    local driver=${4:-k8s-file:$run/ctr.log}
    mkdir -p "$run/exit" "$run/sock" "$run/persist"
    "$mon" -c "$id" -u "$id" -n "$id" -r "$RUNTIME" -b "$bundle" -p "$run/pidfile" \
        --exit-dir "$run/exit" --persist-dir "$run/persist" -l "$driver" \
        --conmon-pidfile "$run/conmon.pid" --socket-dir-path "$run/sock" --log-level error
    for _ in $(seq 1 500); do [[ -s $run/pidfile ]] && break; sleep 0.01; done
    [[ -s $run/pidfile ]] || { echo "$mon: container $id was not created" >&2; exit 1; }
}

wait_exit() { # ID
    local f=$WORK/run-$1/exit/$1 n=0
    while [[ ! -e $f ]]; do
        sleep 0.005
        n=$((n + 1))
        ((n < 60000)) || { echo "no exit file for $1" >&2; exit 1; }
    done
}

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f", a / b }'; }
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }

# --- 1. memory ---------------------------------------------------------------
# k8s-file is the budgeted case; journald (libsystemd loaded by both) is shown too.
make_bundle "$WORK/idle" '["sleep","1000"]'
declare -A ANON RSS
for mon in swift c swift-journald c-journald; do
    bin=$SWIFT_MON; [[ $mon == c* ]] && bin=$CONMON
    driver=; [[ $mon == *journald ]] && driver=journald
    anon=(); rss=()
    for i in $(seq 1 "$RUNS"); do
        id=bm-mem-$mon-$i
        launch "$bin" "$id" "$WORK/idle" $driver
        "$RUNTIME" start "$id"
        sleep 0.5
        pid=$(cat "$WORK/run-$id/conmon.pid")
        anon+=("$(awk '/^RssAnon:/ { print $2 }' "/proc/$pid/status")")
        rss+=("$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status")")
        "$RUNTIME" kill "$id" KILL
        wait_exit "$id"
        "$RUNTIME" delete -f "$id" >/dev/null 2>&1 || true
    done
    ANON[$mon]=$(printf '%s\n' "${anon[@]}" | median)
    RSS[$mon]=$(printf '%s\n' "${rss[@]}" | median)
done

# --- 2. log throughput -------------------------------------------------------
BYTES=$((LOG_MB * 1000 * 1000))
make_bundle "$WORK/chatty" "[\"sh\",\"-c\",\"yes 'a short log line from the container' | head -c $BYTES\"]"
declare -A TIME
swift_t=(); c_t=(); swift_cpu=(); c_cpu=()
for i in $(seq 1 "$RUNS"); do
    for mon in swift c; do
        bin=$SWIFT_MON; [[ $mon == c ]] && bin=$CONMON
        id=bm-log-$mon-$i
        launch "$bin" "$id" "$WORK/chatty"
        mpid=$(cat "$WORK/run-$id/conmon.pid")
        t0=$(date +%s%N)
        "$RUNTIME" start "$id"
        wait_exit "$id"
        t1=$(date +%s%N)
        ms=$(( (t1 - t0) / 1000000 ))
        # The monitor's own CPU time (utime+stime, clock ticks) up to the exit file.
        ticks=$(awk '{ print $14 + $15 }' "/proc/$mpid/stat" 2>/dev/null || echo 0)
        cpu=$(( ticks * 1000 / $(getconf CLK_TCK) ))
        lines=$(grep -c ' stdout F ' "$WORK/run-$id/ctr.log" || true)
        echo "  run $i $mon: ${ms} ms, monitor CPU ${cpu} ms, $lines full lines logged" >&2
        [[ $mon == swift ]] && { swift_t+=("$ms"); swift_cpu+=("$cpu"); } || { c_t+=("$ms"); c_cpu+=("$cpu"); }
        "$RUNTIME" delete -f "$id" >/dev/null 2>&1 || true
        rm -f "$WORK/run-$id/ctr.log"
    done
done
TIME[swift]=$(printf '%s\n' "${swift_t[@]}" | median)
TIME[c]=$(printf '%s\n' "${c_t[@]}" | median)
CPU_SWIFT=$(printf '%s\n' "${swift_cpu[@]}" | median)
CPU_C=$(printf '%s\n' "${c_cpu[@]}" | median)

echo
echo "conmon-swift: $SWIFT_MON"
echo "C conmon:     $CONMON ($("$CONMON" --version | head -1))"
printf '%-34s %12s %12s %8s %s\n' metric conmon-swift "C conmon" ratio budget
printf '%-34s %12s %12s %8s %s\n' "RssAnon (kB, median of $RUNS)" "${ANON[swift]}" "${ANON[c]}" "$(ratio "${ANON[swift]}" "${ANON[c]}")" "<= 0.80"
printf '%-34s %12s %12s %8s %s\n' "VmRSS (kB, median of $RUNS)" "${RSS[swift]}" "${RSS[c]}" "$(ratio "${RSS[swift]}" "${RSS[c]}")" "<= 1.50"
printf '%-34s %12s %12s %8s %s\n' "RssAnon, -l journald (kB)" "${ANON[swift-journald]}" "${ANON[c-journald]}" "$(ratio "${ANON[swift-journald]}" "${ANON[c-journald]}")" "(info)"
printf '%-34s %12s %12s %8s %s\n' "VmRSS, -l journald (kB)" "${RSS[swift-journald]}" "${RSS[c-journald]}" "$(ratio "${RSS[swift-journald]}" "${RSS[c-journald]}")" "(info)"
printf '%-34s %12s %12s %8s %s\n' "${LOG_MB} MB log, start->exit file (ms)" "${TIME[swift]}" "${TIME[c]}" "$(ratio "${TIME[swift]}" "${TIME[c]}")" "<= 1.00"
printf '%-34s %12s %12s %8s %s\n' "monitor CPU for that log (ms)" "$CPU_SWIFT" "$CPU_C" "$(ratio "$CPU_SWIFT" "$CPU_C")" "(info)"
