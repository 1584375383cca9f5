#!/bin/sh
# Side-by-side timings of berth and podman image verbs, each with its own
# throwaway store (nothing touches /var/lib/containers or /var/lib/berth).
#
#   bench/engine/run.sh [BERTH_BINARY]
#
# Prints hyperfine's means and the berth/podman ratios for:
#   --version (start-up alone, for scale), images (100 images), image
#   inspect, import of a busybox rootfs tarball.
set -eu
. "$(dirname "$0")/../lib.sh"

BERTH=${1:-${BERTH:-$(dirname "$0")/../../.build/release/berth}}
BERTH=$(readlink -f "$BERTH")
need_tools hyperfine podman busybox
[ -x "$BERTH" ] || { echo "no berth binary at $BERTH (swift build -c release --product berth)" >&2; exit 1; }

throwaway_stores

B="$BERTH --root $WORK/berth --runroot $WORK/berth-run --storage-driver overlay"
P="podman --root $WORK/podman --runroot $PRUN --storage-driver overlay"

busybox_image "$WORK/rootfs" "$WORK/busybox.tar" sh ls cat echo true sleep

echo "populating both stores with 100 images..." >&2
for i in $(seq 1 100); do
    $B import --change 'CMD=["/bin/sh"]' "$WORK/busybox.tar" "bench$i" >/dev/null
    $P import -q --change 'CMD=["/bin/sh"]' "$WORK/busybox.tar" "bench$i" >/dev/null 2>&1
done

run() { # name berth-cmd podman-cmd [prepare]
    name=$1; shift
    out="$WORK/$name.json"
    if [ $# -ge 3 ]; then
        hyperfine -N --warmup 3 --runs "${RUNS:-30}" --prepare "$3" --export-json "$out" "$1" "$2" >/dev/null 2>&1 ||
            hyperfine --warmup 3 --runs "${RUNS:-30}" --prepare "$3" --export-json "$out" "$1" "$2" >/dev/null
    else
        hyperfine -N --warmup 3 --runs "${RUNS:-30}" --export-json "$out" "$1" "$2" >/dev/null
    fi
    report_pair "$name" "$out" 14 7
}

# Start-up alone, for scale (not an issue-4 goal).
run version "$BERTH --version" "podman --version"
run images "$B images" "$P images"
run image-inspect "$B image inspect bench50" "$P image inspect bench50"
run import "$B import $WORK/busybox.tar imported" "$P import -q $WORK/busybox.tar imported" \
    "$B rmi -i imported; $P rmi -i imported"
