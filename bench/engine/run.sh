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

BERTH=${1:-${BERTH:-$(dirname "$0")/../../.build/release/berth}}
BERTH=$(readlink -f "$BERTH")
command -v hyperfine >/dev/null || { echo "hyperfine is needed (apt-get install hyperfine)" >&2; exit 1; }
command -v podman >/dev/null || { echo "podman is needed" >&2; exit 1; }
[ -x "$BERTH" ] || { echo "no berth binary at $BERTH (swift build -c release --product berth)" >&2; exit 1; }

WORK=$(mktemp -d /tmp/berth-bench.XXXXXX)
# podman refuses a run root longer than 50 characters
PRUN=$(mktemp -d /tmp/bbp.XXXXXX)
cleanup() {
    podman --root "$WORK/podman" --runroot "$PRUN" --storage-driver overlay system reset -f >/dev/null 2>&1 || true
    grep -o " $WORK[^ ]*" /proc/self/mountinfo | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
    rm -rf "$WORK" "$PRUN"
}
trap cleanup EXIT

B="$BERTH --root $WORK/berth --runroot $WORK/berth-run --storage-driver overlay"
P="podman --root $WORK/podman --runroot $PRUN --storage-driver overlay"

mkdir -p "$WORK/rootfs/bin" "$WORK/rootfs/etc"
cp /bin/busybox "$WORK/rootfs/bin/busybox"
for a in sh ls cat echo true sleep; do ln -s busybox "$WORK/rootfs/bin/$a"; done
echo "root:x:0:0:root:/root:/bin/sh" > "$WORK/rootfs/etc/passwd"
tar --numeric-owner -C "$WORK/rootfs" -cf "$WORK/busybox.tar" .

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
    python3 - "$name" "$out" <<'PY'
import json, sys
name, path = sys.argv[1], sys.argv[2]
r = json.load(open(path))["results"]
b, p = r[0]["mean"] * 1000, r[1]["mean"] * 1000
# CPU time (user + system) says the same on a busy machine, where wall
# time is mostly waiting for a core.
bc = (r[0]["user"] + r[0]["system"]) * 1000
pc = (r[1]["user"] + r[1]["system"]) * 1000
print(f"{name:<14} wall: berth {b:7.1f} ms  podman {p:7.1f} ms  ratio {b / p:.3f}   "
      f"cpu: berth {bc:6.1f} ms  podman {pc:6.1f} ms  ratio {bc / pc:.3f}")
PY
}

# Start-up alone, for scale (not an issue-4 goal).
run version "$BERTH --version" "podman --version"
run images "$B images" "$P images"
run image-inspect "$B image inspect bench50" "$P image inspect bench50"
run import "$B import $WORK/busybox.tar imported" "$P import -q $WORK/busybox.tar imported" \
    "$B rmi -i imported; $P rmi -i imported"
