#!/usr/bin/env bash
# berth beside Podman 4.3: same runc, same busybox image, same machine.
#   1. run --rm --network none IMAGE true        goal <= 0.35x Podman
#   2. create IMAGE true                          goal <= 0.40x
#   3. ps -a over 110 containers                  goal <= 0.25x
#   4. systemctl start of a .container unit until active, inside sdbox,
#      berth-generator + berth beside Podman's Quadlet 5.4 + podman 4.3
#                                                 goal <= 0.40x
# and, for reference, runc alone running the container berth prepared.
# Prints mean wall times (ms) and the ratio berth/podman (lower is better).
#
# Usage: bench/containers/run.sh            (root; RUNS=20 by default)
# Env: BERTH_BIN_DIR (default: build release), RUNS.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib.sh
root=$PWD
runs=${RUNS:-20}
need_root "runc needs it"
need_tools hyperfine jq podman runc busybox
bin=$(berth_bin_dir)
need_sdbox

# Both engines run inside sdbox boxes (SDBOX_CONTAINERS=1): on this host
# podman's default rlimits are refused outside one, and the box is where
# the services run. hyperfine runs inside the box, so nsenter is not timed.
work=$(mktemp -d /var/tmp/berth-bench.XXXXXX)
boxes=()
cleanup() {
    for name in "${boxes[@]}"; do SDBOX_NAME=$name "$sdbox" stop >/dev/null 2>&1 || true; done
    rm -rf "$work"
}
trap cleanup EXIT

# The image: a busybox root filesystem, imported into both stores.
mkdir -p "$work/rootfs/tmp"
busybox_image "$work/rootfs" "$work/image.tar" sh true sleep echo cat

unit='[Container]
Image=localhost/bench:latest
Exec=sh -c "trap \"exit 0\" TERM; while true; do sleep 1; done"
Network=none'

boot() {   # boot NAME ENGINE: a box whose Quadlet generator is ENGINE's
    local name=$1 engine=$2 box
    boxes+=("$name")
    export SDBOX_NAME=$name SDBOX_CONTAINERS=1
    if [[ $engine == podman ]]; then
        SDBOX_QUADLET=$("$root/../shared/tools/reference-quadlet" "$work/ref" | tail -n 1) "$sdbox" start >/dev/null 2>&1
    else
        "$sdbox" start >/dev/null 2>&1
    fi
    box=$("$sdbox" root)
    # Exactly one Quadlet generator per box (the host may have Berth installed).
    if [[ $engine == berth ]]; then
        box_install_berth
    else
        rm -f "$box/usr/lib/systemd/system-generators/berth-generator" "$box/usr/lib/systemd/user-generators/berth-user-generator"
    fi
    cp "$work/image.tar" "$box/root/image.tar"
    if [[ $engine == berth ]]; then "$sdbox" exec berth import /root/image.tar localhost/bench:latest >/dev/null; fi
    "$sdbox" exec podman import -q /root/image.tar localhost/bench:latest >/dev/null
    mkdir -p "$box/etc/containers/systemd"
    printf '%s\n' "$unit" >"$box/etc/containers/systemd/bench.container"
    "$sdbox" exec systemctl daemon-reload
}

results=()
compare() {   # compare LABEL GOAL BERTH-ARGS PODMAN-ARGS (inside the berth box)
    local pair b p
    pair=$(box_pair "berth $3" "podman $4")
    read -r b p <<<"$pair"
    results+=("$(table_row 44 "$1" "$b" "$p" "$2")")
}

start_ms() {   # mean ms of `systemctl start bench.service` until active
    "$sdbox" exec bash -c "systemctl start bench.service; systemctl stop bench.service; rm -f /run/bench.cid
        for i in \$(seq $runs); do
            s=\$(date +%s%N); systemctl start bench.service; e=\$(date +%s%N)
            [[ \$(systemctl is-active bench.service) == active ]] || { journalctl -u bench.service --no-pager | tail -20 >&2; exit 1; }
            echo \$(( (e - s) / 1000 )); systemctl stop bench.service
            rm -f /run/bench.cid   # Quadlet 5.4 passes --cidfile; podman 4.3's rm leaves the file
        done" | awk '{ s += $1; n++ } END { printf "%.1f", s / n / 1000 }'
}

boot "bench-berth-$$" berth
compare "run --rm --network none IMAGE true" 0.35 "run --rm --network none localhost/bench true" "run --rm --network none localhost/bench true"
floor=$(box_runc_floor_ms)
compare "create IMAGE true" 0.40 "create localhost/bench true" "create localhost/bench true"
for engine in berth podman; do
    "$sdbox" exec bash -c "have=\$($engine ps -a -q | wc -l); for ((i = have; i < 110; i++)); do $engine create localhost/bench true >/dev/null; done"
done
compare "ps -a (110 containers)" 0.25 "ps -a" "ps -a"
"$sdbox" exec berth rm -a -f >/dev/null 2>&1 || true
sb=$(start_ms)
"$sdbox" stop >/dev/null 2>&1

boot "bench-podman-$$" podman
sp=$(start_ms)
results+=("$(table_row 44 "systemctl start .container (in sdbox)" "$sb" "$sp" 0.40)")

table_header 44
printf '%s\n' "${results[@]}"
printf '%-44s %9.1f   (the same config.json under runc run: the floor under both engines)\n' "runc alone: run /bin/true (in sdbox)" "$floor"
