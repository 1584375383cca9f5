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
root=$PWD
runs=${RUNS:-20}
count=${COUNT:-20}
[[ $(id -u) == 0 ]] || { echo "run as root (runc needs it)" >&2; exit 1; }
for tool in jq podman runc busybox; do command -v $tool >/dev/null || { echo "missing $tool" >&2; exit 1; }; done

bin=${BERTH_BIN_DIR:-}
if [[ -z $bin ]]; then
    for p in berth conmon-swift berth-generator; do swift build -c release --product $p >/dev/null; done
    bin=$(swift build -c release --show-bin-path)
fi
sdbox=$root/../shared/tools/sdbox
[[ -x $sdbox ]] && command -v systemd-nspawn >/dev/null || { echo "needs ../shared/tools/sdbox and systemd-nspawn" >&2; exit 1; }

work=$(mktemp -d /var/tmp/berth-bench-stats.XXXXXX)
export SDBOX_NAME=bench-stats-$$ SDBOX_CONTAINERS=1
cleanup() { "$sdbox" stop >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT

mkdir -p "$work/rootfs/bin" "$work/rootfs/etc" "$work/rootfs/tmp"
cp "$(command -v busybox)" "$work/rootfs/bin/busybox"
for a in sh true sleep; do ln -s busybox "$work/rootfs/bin/$a"; done
echo 'root:x:0:0:root:/root:/bin/sh' >"$work/rootfs/etc/passwd"
tar --numeric-owner -C "$work/rootfs" -cf "$work/image.tar" .

"$sdbox" start >/dev/null 2>&1
box=$("$sdbox" root)
DESTDIR=$box BERTH_BIN_DIR=$bin packaging/install.sh >/dev/null
cp "$work/image.tar" "$box/root/image.tar"
"$sdbox" exec berth import /root/image.tar localhost/bench:latest >/dev/null
"$sdbox" exec podman import -q /root/image.tar localhost/bench:latest >/dev/null
for engine in berth podman; do
    "$sdbox" exec bash -c "for i in \$(seq $count); do $engine run -d --network none localhost/bench sleep 100000 >/dev/null; done"
    [[ $("$sdbox" exec $engine stats --no-stream --format '{{.Name}}' | wc -l) == "$count" ]] || { echo "$engine stats does not list $count containers" >&2; exit 1; }
done

if "$sdbox" exec sh -c 'command -v hyperfine' >/dev/null; then
    "$sdbox" exec hyperfine -N --warmup 3 --runs "$runs" --export-json /root/h.json \
        "berth stats --no-stream" "podman stats --no-stream" >/dev/null 2>&1
    b=$(jq -r '.results[0].mean * 1000' "$box/root/h.json"); p=$(jq -r '.results[1].mean * 1000' "$box/root/h.json")
else
    mean() { "$sdbox" exec bash -c "for i in \$(seq $runs); do s=\$(date +%s%N); $1 >/dev/null; e=\$(date +%s%N); echo \$(( (e - s) / 1000 )); done" \
        | awk '{ s += $1; n++ } END { printf "%.1f", s / n / 1000 }'; }
    b=$(mean "berth stats --no-stream"); p=$(mean "podman stats --no-stream")
fi
"$sdbox" exec berth rm -a -f -t 0 >/dev/null 2>&1 || true
"$sdbox" exec podman rm -a -f -t 0 >/dev/null 2>&1 || true

printf '%-44s %9s %9s %7s\n' "mean wall time (ms), in sdbox" "berth" "podman" "ratio"
printf '%-44s %9.1f %9.1f %7s  (goal <= 0.25)\n' "stats --no-stream ($count running)" "$b" "$p" "$(awk "BEGIN { printf \"%.2f\", $b / $p }")"
