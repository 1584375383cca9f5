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
root=$PWD
runs=${RUNS:-20}
[[ $(id -u) == 0 ]] || { echo "run as root (runc needs it)" >&2; exit 1; }
for tool in hyperfine jq podman runc busybox; do command -v $tool >/dev/null || { echo "missing $tool" >&2; exit 1; }; done

bin=${BERTH_BIN_DIR:-}
if [[ -z $bin ]]; then
    for p in berth conmon-swift berth-generator; do swift build -c release --product $p >/dev/null; done
    bin=$(swift build -c release --show-bin-path)
fi
sdbox=$root/../shared/tools/sdbox
[[ -x $sdbox ]] && command -v systemd-nspawn >/dev/null || { echo "needs ../shared/tools/sdbox and systemd-nspawn" >&2; exit 1; }

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
mkdir -p "$work/rootfs/bin" "$work/rootfs/etc" "$work/rootfs/tmp"
cp "$(command -v busybox)" "$work/rootfs/bin/busybox"
for a in sh true sleep echo cat; do ln -s busybox "$work/rootfs/bin/$a"; done
echo 'root:x:0:0:root:/root:/bin/sh' >"$work/rootfs/etc/passwd"
tar --numeric-owner -C "$work/rootfs" -cf "$work/image.tar" .

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
        rm -f "$box/usr/lib/systemd/system-generators/podman-system-generator" "$box/usr/lib/systemd/user-generators/podman-user-generator"
        DESTDIR=$box BERTH_BIN_DIR=$bin packaging/install.sh >/dev/null
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

ratio() { awk "BEGIN { printf \"%.2f\", $1 / $2 }"; }
results=()
compare() {   # compare LABEL GOAL BERTH-ARGS PODMAN-ARGS (inside the berth box)
    "$sdbox" exec hyperfine -N --warmup 3 --runs "$runs" --export-json /root/h.json \
        "berth $3" "podman $4" >/dev/null 2>&1
    local json=$("$sdbox" root)/root/h.json b p
    b=$(jq -r '.results[0].mean * 1000' "$json"); p=$(jq -r '.results[1].mean * 1000' "$json")
    results+=("$(printf '%-44s %9.1f %9.1f %7s  (goal <= %s)' "$1" "$b" "$p" "$(ratio "$b" "$p")" "$2")")
}

floor_ms() {   # mean ms of runc alone (run = create, start, wait, delete) on berth's config.json
    "$sdbox" exec bash -c "set -e
        id=\$(berth run -d --network none localhost/bench sleep 1000)
        bundle=/run/berth/containers/\$id
        mkdir -p /root/floor/rootfs && tar -C /root/floor/rootfs -xf /root/image.tar
        # Same spec (namespaces, seccomp profile, capabilities, masked paths);
        # its own copy of the root file system, no bundle files, no cgroup path.
        jq --arg bundle \"\$bundle\" '.root.path = \"/root/floor/rootfs\" | .root.readonly = false
            | .process.args = [\"/bin/true\"] | .process.terminal = false | del(.linux.cgroupsPath)
            | .mounts |= map(select(.source | startswith(\$bundle) | not))' \$bundle/config.json >/root/floor/config.json
        berth rm -f \$id >/dev/null
        hyperfine -N --warmup 3 --runs $runs --export-json /root/f.json 'runc run --bundle /root/floor floor' >/dev/null 2>&1"
    jq -r '.results[0].mean * 1000' "$("$sdbox" root)/root/f.json"
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
floor=$(floor_ms)
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
results+=("$(printf '%-44s %9.1f %9.1f %7s  (goal <= %s)' "systemctl start .container (in sdbox)" "$sb" "$sp" "$(ratio "$sb" "$sp")" 0.40)")

printf '%-44s %9s %9s %7s\n' "mean wall time (ms), in sdbox" "berth" "podman" "ratio"
printf '%s\n' "${results[@]}"
printf '%-44s %9.1f   (the same config.json under runc run: the floor under both engines)\n' "runc alone: run /bin/true (in sdbox)" "$floor"
