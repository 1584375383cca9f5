#!/usr/bin/env bash
# berth beside Podman 4.3 for pods: same runc, same netavark, same machine,
# inside one sdbox box (SDBOX_CONTAINERS=1).
#   pod create + pod start + pod rm -f (infra container on the default
#   bridge network, each engine's own locally built pause image)
#                                                 goal <= 0.35x Podman
#   the same with --network none (no netavark: what the engines themselves cost)
# Prints mean wall times (ms) and the ratio berth/podman (lower is better).
#
# Usage: bench/pods/run.sh            (root; RUNS=20 by default)
# Env: BERTH_BIN_DIR (default: build release), RUNS.
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib.sh
runs=${RUNS:-20}
need_root "runc needs it"
need_tools hyperfine jq podman runc catatonit
bin=$(berth_bin_dir)
need_sdbox

export SDBOX_NAME=bench-pods-$$ SDBOX_CONTAINERS=1
trap '"$sdbox" stop >/dev/null 2>&1 || true' EXIT
box_with_berth

# Both engines build their pause image on the first pod: done before timing.
for engine in berth podman; do
    "$sdbox" exec $engine pod create --name warm >/dev/null
    "$sdbox" exec $engine pod rm -f warm >/dev/null
done

cycle() { echo "bash -c '$1 pod create --name benchpod $2 >/dev/null && $1 pod start benchpod >/dev/null && $1 pod rm -f benchpod >/dev/null'"; }
rows=()
measure() {   # measure LABEL EXTRA-CREATE-FLAGS
    local pair b p
    pair=$(box_pair "$(cycle berth "$2")" "$(cycle podman "$2")")
    read -r b p <<<"$pair"
    rows+=("$(table_row 52 "$1" "$b" "$p" 0.35)")
}
measure "pod create + start + rm -f (default bridge)" ""
measure "pod create --network none + start + rm -f" "--network none"
table_header 52
printf '%s\n' "${rows[@]}"
