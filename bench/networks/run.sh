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
. bench/lib.sh
runs=${RUNS:-20}
need_root "runc and netavark need it"
need_tools hyperfine jq podman runc busybox
bin=$(berth_bin_dir)
need_sdbox

work=$(mktemp -d /var/tmp/berth-bench.XXXXXX)
export SDBOX_NAME=bench-net-$$ SDBOX_CONTAINERS=1
cleanup() { "$sdbox" stop >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

mkdir -p "$work/rootfs/tmp"
busybox_image "$work/rootfs" "$work/image.tar" sh true sleep echo cat

box_with_berth
box_import "$work/image.tar"

results=()
mean() { box_mean "$1"; }
compare() {   # compare LABEL GOAL BERTH-CMD PODMAN-CMD (shell commands, inside the box)
    local pair b p
    pair=$(box_pair "$3" "$4")
    read -r b p <<<"$pair"
    results+=("$(table_row 52 "$1" "$b" "$p" "$2")")
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
runc_ms=$(box_runc_floor_ms)

table_header 52
printf '%s\n' "${results[@]}"
printf '%-52s %9.1f   (included in both rows of 1)\n' "sh -c true" "$shell_ms"
printf '%-52s %9.1f   (netavark 1.4 with berth'"'"'s JSON for the default network)\n' "floor: netavark setup + teardown alone" "$netavark_ms"
printf '%-52s %9.1f\n' "floor: runc run /bin/true alone" "$runc_ms"
