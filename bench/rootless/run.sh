#!/usr/bin/env bash
# Rootless berth beside rootful berth (and podman 4.3 rootless, runc, where it
# runs from a shell), in one sdbox box with an ordinary user (subordinate
# ids, lingering):
#   1. run --rm --network none IMAGE true         goal <= 1.3x rootful, <= 0.4x podman rootless
#   2. systemctl [--user] start of a .container unit until active
#                                                  goal <= 1.3x rootful
# Prints mean wall times (ms) and the ratios.
#
# Usage: bench/rootless/run.sh        (root; RUNS=20 by default)
# Env: BERTH_BIN_DIR (default: build release), RUNS.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib.sh
runs=${RUNS:-20}
need_root
bin=$(berth_bin_dir)
need_sdbox
user=berthbench
export SDBOX_NAME=berth-bench-rootless-$$ SDBOX_CONTAINERS=1
work=$(mktemp -d /var/tmp/berth-bench-rootless.XXXXXX)
cleanup() { "$sdbox" stop >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

busybox_image "$work/rootfs" "$work/image.tar" sh true sleep

box_with_berth
"$sdbox" user-setup $user >/dev/null
uid=$("$sdbox" exec id -u $user)
home=$("$sdbox" exec sh -c "getent passwd $user | cut -d: -f6")
install -m 0644 "$work/image.tar" "$box/srv/bench-image.tar"
"$sdbox" exec berth import /srv/bench-image.tar localhost/bench >/dev/null
"$sdbox" uexec $user berth import /srv/bench-image.tar localhost/bench >/dev/null
"$sdbox" uexec $user podman import /srv/bench-image.tar localhost/bench >/dev/null 2>&1 || true
"$sdbox" exec systemctl start network-online.target

as_user="runuser -u $user -- env XDG_RUNTIME_DIR=/run/user/$uid HOME=$home"
mean() { jq '.results[0].mean * 1000 | floor' "$1"; }
bench() {   # bench NAME COMMAND
    "$sdbox" exec hyperfine -N -w 3 -r "$runs" --export-json /tmp/$1.json "$2" >/dev/null 2>&1
    cp "$box/tmp/$1.json" "$work/$1.json" 2>/dev/null || "$sdbox" exec cat /tmp/$1.json >"$work/$1.json"
    mean "$work/$1.json"
}
rootful=$(bench rootful "berth run --rm --network none localhost/bench true")
rootless=$(bench rootless "$as_user berth run --rm --network none localhost/bench true")
echo "run --rm --network none: rootful ${rootful} ms, rootless ${rootless} ms, ratio $(echo "scale=2; $rootless/$rootful" | bc)"
if "$sdbox" exec $as_user podman --runtime runc run --rm --network none localhost/bench true >/dev/null 2>&1; then
    podman=$(bench podman "$as_user podman --runtime runc run --rm --network none localhost/bench true")
    echo "  podman rootless ${podman} ms, berth rootless/podman $(echo "scale=2; $rootless/$podman" | bc)"
else
    echo "  podman rootless cannot run it here"
fi

unit='[Container]
Image=localhost/bench:latest
Exec=sh -c "trap \"exit 0\" TERM; while true; do sleep 1; done"
Network=none'
mkdir -p "$box/etc/containers/systemd" "$box$home/.config/containers/systemd"
echo "$unit" >"$box/etc/containers/systemd/bench.container"
echo "$unit" >"$box$home/.config/containers/systemd/bench.container"
"$sdbox" exec chown -R $user "$home/.config"
"$sdbox" exec systemctl daemon-reload
"$sdbox" uexec $user systemctl --user daemon-reload
start() {   # start SYSTEMCTL...: mean ms of start-until-active over RUNS
    local total=0 i t0 t1
    for ((i = 0; i < runs; i++)); do
        t0=$(date +%s%N); "$sdbox" exec "$@" start bench.service; t1=$(date +%s%N)
        total=$((total + (t1 - t0) / 1000000))
        "$sdbox" exec "$@" stop bench.service
    done
    echo $((total / runs))
}
sys=$(start systemctl)
usr=$(start runuser -u $user -- env XDG_RUNTIME_DIR=/run/user/$uid systemctl --user)
echo "systemctl start until active: rootful ${sys} ms, user ${usr} ms, ratio $(echo "scale=2; $usr/$sys" | bc)"
