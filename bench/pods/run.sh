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
root=$PWD
runs=${RUNS:-20}
[[ $(id -u) == 0 ]] || { echo "run as root (runc needs it)" >&2; exit 1; }
for tool in hyperfine jq podman runc catatonit; do command -v $tool >/dev/null || { echo "missing $tool" >&2; exit 1; }; done

bin=${BERTH_BIN_DIR:-}
if [[ -z $bin ]]; then
    for p in berth conmon-swift berth-generator; do swift build -c release --product $p >/dev/null; done
    bin=$(swift build -c release --show-bin-path)
fi
sdbox=$root/../shared/tools/sdbox
[[ -x $sdbox ]] && command -v systemd-nspawn >/dev/null || { echo "needs ../shared/tools/sdbox and systemd-nspawn" >&2; exit 1; }

export SDBOX_NAME=bench-pods-$$ SDBOX_CONTAINERS=1
trap '"$sdbox" stop >/dev/null 2>&1 || true' EXIT
"$sdbox" start >/dev/null 2>&1
box=$("$sdbox" root)
rm -f "$box/usr/lib/systemd/system-generators/podman-system-generator" "$box/usr/lib/systemd/user-generators/podman-user-generator"
DESTDIR=$box BERTH_BIN_DIR=$bin packaging/install.sh >/dev/null

# Both engines build their pause image on the first pod: done before timing.
for engine in berth podman; do
    "$sdbox" exec $engine pod create --name warm >/dev/null
    "$sdbox" exec $engine pod rm -f warm >/dev/null
done

cycle() { echo "bash -c '$1 pod create --name benchpod $2 >/dev/null && $1 pod start benchpod >/dev/null && $1 pod rm -f benchpod >/dev/null'"; }
rows=()
measure() {   # measure LABEL EXTRA-CREATE-FLAGS
    "$sdbox" exec hyperfine -N --warmup 3 --runs "$runs" --export-json /root/h.json "$(cycle berth "$2")" "$(cycle podman "$2")" >/dev/null 2>&1
    local b p
    b=$(jq -r '.results[0].mean * 1000' "$box/root/h.json"); p=$(jq -r '.results[1].mean * 1000' "$box/root/h.json")
    rows+=("$(printf '%-52s %9.1f %9.1f %7s  (goal <= 0.35)' "$1" "$b" "$p" "$(awk "BEGIN { printf \"%.2f\", $b / $p }")")")
}
measure "pod create + start + rm -f (default bridge)" ""
measure "pod create --network none + start + rm -f" "--network none"
printf '%-52s %9s %9s %7s\n' "mean wall time (ms), in sdbox" "berth" "podman" "ratio"
printf '%s\n' "${rows[@]}"
