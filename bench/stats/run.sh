#!/usr/bin/env bash
# `stats --no-stream` over 20 running containers: berth beside Podman 4.3,
# same runc, same busybox image, inside one sdbox box (on this host podman's
# default rlimits are refused outside one).   goal <= 0.25x Podman
# Prints mean wall times (ms) and the ratio berth/podman (lower is better).
#
# Usage: bench/stats/run.sh            (root; RUNS=20 by default)
# Env: BERTH_BIN_DIR (default: build release), RUNS, COUNT (containers, 20).
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib.sh
runs=${RUNS:-20}
count=${COUNT:-20}
need_root "runc needs it"
need_tools jq podman runc busybox
bin=$(berth_bin_dir)
need_sdbox

work=$(mktemp -d /var/tmp/berth-bench-stats.XXXXXX)
export SDBOX_NAME=bench-stats-$$ SDBOX_CONTAINERS=1
cleanup() { "$sdbox" stop >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

mkdir -p "$work/rootfs/tmp"
busybox_image "$work/rootfs" "$work/image.tar" sh true sleep

box_with_berth
box_import "$work/image.tar"
for engine in berth podman; do
    "$sdbox" exec bash -c "for i in \$(seq $count); do $engine run -d --network none localhost/bench sleep 100000 >/dev/null; done"
    [[ $("$sdbox" exec $engine stats --no-stream --format '{{.Name}}' | wc -l) == "$count" ]] || { echo "$engine stats does not list $count containers" >&2; exit 1; }
done

if "$sdbox" exec sh -c 'command -v hyperfine' >/dev/null; then
    pair=$(box_pair "berth stats --no-stream" "podman stats --no-stream")
    read -r b p <<<"$pair"
else
    mean() { "$sdbox" exec bash -c "for i in \$(seq $runs); do s=\$(date +%s%N); $1 >/dev/null; e=\$(date +%s%N); echo \$(( (e - s) / 1000 )); done" \
        | awk '{ s += $1; n++ } END { printf "%.1f", s / n / 1000 }'; }
    b=$(mean "berth stats --no-stream"); p=$(mean "podman stats --no-stream")
fi
"$sdbox" exec berth rm -a -f -t 0 >/dev/null 2>&1 || true
"$sdbox" exec podman rm -a -f -t 0 >/dev/null 2>&1 || true

table_header 44
table_row 44 "stats --no-stream ($count running)" "$b" "$p" 0.25
echo
