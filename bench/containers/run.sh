#!/usr/bin/env bash
# berth beside Podman 4.3: same runc, same busybox image, same machine.
#   1. run --rm --network none IMAGE true        goal <= 0.35x Podman
#   2. create IMAGE true                          goal <= 0.40x
#   3. ps -a over 110 containers                  goal <= 0.25x
#   4. systemctl start of a .container unit until active, inside sdbox,
#      berth-generator + berth beside Podman's Quadlet 5.4 + podman 4.3
#                                                 goal <= 0.40x
# Prints mean wall times (ms) and the ratio berth/podman (lower is better).
#
# Usage: bench/containers/run.sh            (root; RUNS=20 by default)
# Env: BERTH_BIN_DIR (default: build release), RUNS, SKIP_SYSTEMD=1.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
runs=${RUNS:-20}
[[ $(id -u) == 0 ]] || { echo "run as root (runc needs it)" >&2; exit 1; }
for tool in hyperfine jq podman runc busybox; do command -v $tool >/dev/null || { echo "missing $tool" >&2; exit 1; }; done

bin=${BERTH_BIN_DIR:-}
if [[ -z $bin ]]; then
    for p in berth conmon-swift berth-generator; do swift build -c release --product $p >/dev/null; done
    bin=$(swift build -c release --show-bin-path)
fi
berth_bin=$bin/berth
runc=$(command -v runc)

work=$(mktemp -d /var/tmp/berth-bench.XXXXXX)
B=("$berth_bin" --root "$work/berth/root" --runroot "$work/berth/run" --runtime "$runc")
P=(podman --root "$work/podman/root" --runroot "$work/podman/run" --tmpdir "$work/podman/tmp"
   --runtime "$runc" --cgroup-manager cgroupfs --log-level error)
cleanup() {
    "${B[@]}" rm -a -f -t 0 >/dev/null 2>&1 || true
    "${P[@]}" rm -a -f -t 0 >/dev/null 2>&1 || true
    umount -R "$work/podman/root/overlay" 2>/dev/null || true
    rm -rf "$work" 2>/dev/null || true
}
trap cleanup EXIT

# The image: a busybox root filesystem, imported into both stores.
mkdir -p "$work/rootfs/bin" "$work/rootfs/etc" "$work/rootfs/tmp"
cp "$(command -v busybox)" "$work/rootfs/bin/busybox"
for a in sh true sleep echo cat; do ln -s busybox "$work/rootfs/bin/$a"; done
echo 'root:x:0:0:root:/root:/bin/sh' >"$work/rootfs/etc/passwd"
tar --numeric-owner -C "$work/rootfs" -cf "$work/image.tar" .
"${B[@]}" import "$work/image.tar" localhost/bench:latest >/dev/null
"${P[@]}" import -q "$work/image.tar" localhost/bench:latest >/dev/null

mean_ms() { jq -r ".results[$1].mean * 1000" "$2"; }
ratio() { awk "BEGIN { printf \"%.2f\", $1 / $2 }"; }
results=()
compare() {   # compare LABEL GOAL BERTH-COMMAND PODMAN-COMMAND
    local json=$work/h.json
    hyperfine -N --warmup 3 --runs "$runs" --export-json "$json" "$3" "$4" >/dev/null 2>&1 \
        || hyperfine --warmup 3 --runs "$runs" --export-json "$json" "$3" "$4" >/dev/null
    local b p
    b=$(mean_ms 0 "$json"); p=$(mean_ms 1 "$json")
    results+=("$(printf '%-44s %9.1f %9.1f %7s  (goal <= %s)' "$1" "$b" "$p" "$(ratio "$b" "$p")" "$2")")
}

q() { printf '%q ' "$@"; }
compare "run --rm --network none IMAGE true" 0.35 \
    "$(q "${B[@]}" run --rm --network none localhost/bench true)" "$(q "${P[@]}" run --rm --network none localhost/bench true)"
compare "create IMAGE true" 0.40 \
    "$(q "${B[@]}" create localhost/bench true)" "$(q "${P[@]}" create localhost/bench true)"
for store in B P; do
    declare -n cmd=$store
    have=$("${cmd[@]}" ps -a -q | wc -l)
    for ((i = have; i < 110; i++)); do "${cmd[@]}" create localhost/bench true >/dev/null; done
done
compare "ps -a (110 containers)" 0.25 "$(q "${B[@]}" ps -a)" "$(q "${P[@]}" ps -a)"

# systemctl start of a .container unit inside a booted box, median of N.
sdbox=$root/../shared/tools/sdbox
if [[ ${SKIP_SYSTEMD:-0} != 1 && -x $sdbox ]] && command -v systemd-nspawn >/dev/null; then
    unit='[Container]
Image=localhost/bench:latest
Exec=sh -c "trap \"exit 0\" TERM; while true; do sleep 1; done"
Network=none'
    measure_box() {   # measure_box NAME ENGINE(berth|podman) -> prints mean ms
        local name=$1 engine=$2 box
        export SDBOX_NAME=$name SDBOX_CONTAINERS=1
        if [[ $engine == podman ]]; then
            SDBOX_QUADLET=$("$root/../shared/tools/reference-quadlet" "$work/ref" | tail -n 1) "$sdbox" start >/dev/null 2>&1
        else
            "$sdbox" start >/dev/null 2>&1
        fi
        box=$("$sdbox" root)
        if [[ $engine == berth ]]; then
            rm -f "$box/usr/lib/systemd/system-generators/podman-system-generator" "$box/usr/lib/systemd/user-generators/podman-user-generator"
            DESTDIR=$box BERTH_BIN_DIR=$bin packaging/install.sh >/dev/null
        fi
        cp "$work/image.tar" "$box/root/image.tar"
        "$sdbox" exec "$engine" import -q /root/image.tar localhost/bench:latest >/dev/null 2>&1 \
            || "$sdbox" exec "$engine" import /root/image.tar localhost/bench:latest >/dev/null
        mkdir -p "$box/etc/containers/systemd"
        printf '%s\n' "$unit" >"$box/etc/containers/systemd/bench.container"
        "$sdbox" exec systemctl daemon-reload
        "$sdbox" exec bash -c "systemctl start bench.service; systemctl stop bench.service
            for i in \$(seq $runs); do
                s=\$(date +%s%N); systemctl start bench.service; e=\$(date +%s%N)
                [[ \$(systemctl is-active bench.service) == active ]] || { echo FAILED; exit 1; }
                echo \$(( (e - s) / 1000 )); systemctl stop bench.service
            done" | awk '{ s += $1; n++ } END { printf "%.1f", s / n / 1000 }'
        "$sdbox" stop >/dev/null 2>&1
    }
    b=$(measure_box "bench-berth-$$" berth)
    p=$(measure_box "bench-podman-$$" podman)
    results+=("$(printf '%-44s %9.1f %9.1f %7s  (goal <= %s)' "systemctl start .container (in sdbox)" "$b" "$p" "$(ratio "$b" "$p")" 0.40)")
fi

printf '%-44s %9s %9s %7s\n' "mean wall time (ms)" "berth" "podman" "ratio"
printf '%s\n' "${results[@]}"
