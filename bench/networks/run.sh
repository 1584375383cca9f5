#!/usr/bin/env bash
# Bridge networks, berth beside Podman 4.3 in one sdbox box (same runc,
# same netavark and aardvark-dns, same busybox image):
#   1. network create NAME + network rm NAME          goal <= 0.30x Podman
#   2. run --rm IMAGE true on the default bridge      goal <= 0.35x Podman
# and the floors under both engines, measured the same way:
#   - netavark setup + teardown alone, fed the JSON berth gives it for (2)
#   - runc alone running the container berth prepared (create, start, wait, delete)
# Prints mean wall times (ms) and the ratio berth/podman (lower is better).
#
# Usage: bench/networks/run.sh            (root; RUNS=20 by default)
# Env: BERTH_BIN_DIR (default: build release), RUNS.
set -euo pipefail
cd "$(dirname "$0")/../.."
root=$PWD
runs=${RUNS:-20}
[[ $(id -u) == 0 ]] || { echo "run as root (runc and netavark need it)" >&2; exit 1; }
for tool in hyperfine jq podman runc busybox; do command -v $tool >/dev/null || { echo "missing $tool" >&2; exit 1; }; done

bin=${BERTH_BIN_DIR:-}
if [[ -z $bin ]]; then
    for p in berth conmon-swift berth-generator; do swift build -c release --product $p >/dev/null; done
    bin=$(swift build -c release --show-bin-path)
fi
sdbox=$root/../shared/tools/sdbox
[[ -x $sdbox ]] && command -v systemd-nspawn >/dev/null || { echo "needs ../shared/tools/sdbox and systemd-nspawn" >&2; exit 1; }

work=$(mktemp -d /var/tmp/berth-bench.XXXXXX)
export SDBOX_NAME=bench-net-$$ SDBOX_CONTAINERS=1
cleanup() { "$sdbox" stop >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

mkdir -p "$work/rootfs/bin" "$work/rootfs/etc" "$work/rootfs/tmp"
cp "$(command -v busybox)" "$work/rootfs/bin/busybox"
for a in sh true sleep echo cat; do ln -s busybox "$work/rootfs/bin/$a"; done
echo 'root:x:0:0:root:/root:/bin/sh' >"$work/rootfs/etc/passwd"
tar --numeric-owner -C "$work/rootfs" -cf "$work/image.tar" .

"$sdbox" start >/dev/null 2>&1
box=$("$sdbox" root)
DESTDIR=$box BERTH_BIN_DIR=$bin packaging/install.sh >/dev/null
cp "$work/image.tar" "$box/root/image.tar"
"$sdbox" exec berth import /root/image.tar localhost/bench:latest >/dev/null
"$sdbox" exec podman import -q /root/image.tar localhost/bench:latest >/dev/null

ratio() { awk "BEGIN { printf \"%.2f\", $1 / $2 }"; }
results=()
mean() { jq -r ".results[$1].mean * 1000" "$box/root/h.json"; }
compare() {   # compare LABEL GOAL BERTH-CMD PODMAN-CMD (shell commands, inside the box)
    "$sdbox" exec hyperfine --shell=none --warmup 3 --runs "$runs" --export-json /root/h.json "$3" "$4" >/dev/null 2>&1
    local b p
    b=$(mean 0); p=$(mean 1)
    results+=("$(printf '%-52s %9.1f %9.1f %7s  (goal <= %s)' "$1" "$b" "$p" "$(ratio "$b" "$p")" "$2")")
}

# 1. network create + rm (the default network exists first in both, as after any use).
"$sdbox" exec berth network ls >/dev/null
compare "network create + network rm" 0.30 \
    "sh -c 'berth network create benchnet >/dev/null && berth network rm benchnet >/dev/null'" \
    "sh -c 'podman network create benchnet >/dev/null && podman network rm benchnet >/dev/null'"
"$sdbox" exec hyperfine --shell=none --warmup 3 --runs "$runs" --export-json /root/h.json "sh -c true" >/dev/null 2>&1
shell_ms=$(mean 0)

# 2. run --rm on the default bridge network (no --network: as root both engines use it).
compare "run --rm IMAGE true (default bridge network)" 0.35 \
    "berth run --rm localhost/bench true" "podman run --rm localhost/bench true"
compare "run --rm --network none IMAGE true" "-" \
    "berth run --rm --network none localhost/bench true" "podman run --rm --network none localhost/bench true"

# Floor 1: netavark setup + teardown alone, on the JSON berth writes for the
# default network (captured from a running container's record), in a namespace of its own.
"$sdbox" exec bash -c "set -e
    id=\$(berth run -d localhost/bench sleep 1000)
    berth inspect --format '{{.NetworkSettings.SandboxKey}}' \$id >/dev/null
    sqlite3 /var/lib/berth/berth.db \"SELECT state FROM container WHERE id = '\$id'\" | jq -c '.network.options | .container_id = \"$(printf 'f%.0s' {1..64})\" | .container_name = \"floor\"' >/root/floor.json
    berth rm -f \$id >/dev/null
    touch /root/floor-ns && unshare --net=/root/floor-ns true" 2>/dev/null || true
nv="/usr/lib/podman/netavark --config /run/berth/networks --rootless false --aardvark-binary /usr/lib/podman/aardvark-dns"
netavark_ms=nan
if [[ -s $box/root/floor.json ]]; then
    "$sdbox" exec hyperfine --shell=none --warmup 3 --runs "$runs" --export-json /root/h.json \
        "sh -c '$nv setup /root/floor-ns </root/floor.json >/dev/null && $nv teardown /root/floor-ns </root/floor.json'" >/dev/null 2>&1
    netavark_ms=$(mean 0)
fi

# Floor 2: runc alone on the config.json berth made (as bench/containers does).
"$sdbox" exec bash -c "set -e
    id=\$(berth run -d --network none localhost/bench sleep 1000)
    bundle=/run/berth/containers/\$id
    mkdir -p /root/floor/rootfs && tar -C /root/floor/rootfs -xf /root/image.tar
    jq --arg bundle \"\$bundle\" '.root.path = \"/root/floor/rootfs\" | .root.readonly = false
        | .process.args = [\"/bin/true\"] | .process.terminal = false | del(.linux.cgroupsPath)
        | .mounts |= map(select(.source | startswith(\$bundle) | not))' \$bundle/config.json >/root/floor/config.json
    berth rm -f \$id >/dev/null
    hyperfine -N --warmup 3 --runs $runs --export-json /root/h.json 'runc run --bundle /root/floor floor' >/dev/null 2>&1"
runc_ms=$(mean 0)

printf '%-52s %9s %9s %7s\n' "mean wall time (ms), in sdbox" "berth" "podman" "ratio"
printf '%s\n' "${results[@]}"
printf '%-52s %9.1f   (included in both rows of 1)\n' "sh -c true" "$shell_ms"
printf '%-52s %9.1f   (netavark 1.4 with berth'"'"'s JSON for the default network)\n' "floor: netavark setup + teardown alone" "$netavark_ms"
printf '%-52s %9.1f\n' "floor: runc run /bin/true alone" "$runc_ms"
