#!/bin/sh
# berth build beside podman build (4.3, buildah inside), same machine, same
# runc, each with its own throwaway store:
#   cold:   a 6-instruction Containerfile (FROM local busybox, COPY, RUN,
#           ENV, WORKDIR, CMD) built with --no-cache   goal <= 0.5x podman
#   cached: the same build again, every step from the cache  goal <= 0.3x
# Prints hyperfine's means and the berth/podman ratios (lower is better).
#
#   bench/build/run.sh [BERTH_BINARY]        (root; RUNS=10 by default)
set -eu

BERTH=${1:-${BERTH:-$(dirname "$0")/../../.build/release/berth}}
BERTH=$(readlink -f "$BERTH")
command -v hyperfine >/dev/null || { echo "hyperfine is needed (apt-get install hyperfine)" >&2; exit 1; }
command -v podman >/dev/null || { echo "podman is needed" >&2; exit 1; }
command -v runc >/dev/null || { echo "runc is needed" >&2; exit 1; }
[ "$(id -u)" = 0 ] || { echo "run as root (overlay mounts, runc)" >&2; exit 1; }
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

# Both with runc: crun refuses this host's hybrid cgroups.
B="$BERTH --root $WORK/berth --runroot $WORK/berth-run --storage-driver overlay --runtime runc"
P="podman --root $WORK/podman --runroot $PRUN --storage-driver overlay --runtime runc"

mkdir -p "$WORK/rootfs/bin" "$WORK/rootfs/etc" "$WORK/rootfs/tmp"
cp /bin/busybox "$WORK/rootfs/bin/busybox"
for a in sh ls cat echo true; do ln -s busybox "$WORK/rootfs/bin/$a"; done
echo "root:x:0:0:root:/root:/bin/sh" > "$WORK/rootfs/etc/passwd"
tar --numeric-owner -C "$WORK/rootfs" -cf "$WORK/busybox.tar" .
$B import "$WORK/busybox.tar" localhost/busybox >/dev/null
$P import -q "$WORK/busybox.tar" localhost/busybox >/dev/null 2>&1

CTX=$WORK/ctx
mkdir -p "$CTX"
head -c 65536 /dev/urandom > "$CTX/data.bin"
echo "hello" > "$CTX/a.txt"
cat > "$CTX/Containerfile" <<'CF'
FROM localhost/busybox
COPY a.txt data.bin /app/
RUN echo built > /app/b.txt && cat /app/a.txt
ENV GREETING=hello
WORKDIR /app
CMD ["sh", "-c", "cat a.txt b.txt"]
CF

# Both must build, and the result must run, before anything is timed.
$B build -q -t bench "$CTX" >/dev/null
$P build -q -t bench "$CTX" >/dev/null
[ "$($B run --rm --network none bench)" = "$(printf 'hello\nbuilt')" ] || { echo "berth's image does not run as built" >&2; exit 1; }

run() { # name berth-cmd podman-cmd
    name=$1
    out="$WORK/$name.json"
    hyperfine -N --warmup 2 --runs "${RUNS:-10}" --export-json "$out" "$2" "$3" >/dev/null
    python3 - "$name" "$out" <<'PY'
import json, sys
name, path = sys.argv[1], sys.argv[2]
r = json.load(open(path))["results"]
b, p = r[0]["mean"] * 1000, r[1]["mean"] * 1000
bc = (r[0]["user"] + r[0]["system"]) * 1000
pc = (r[1]["user"] + r[1]["system"]) * 1000
print(f"{name:<8} wall: berth {b:7.1f} ms  podman {p:7.1f} ms  ratio {b / p:.3f}   "
      f"cpu: berth {bc:6.1f} ms  podman {pc:6.1f} ms  ratio {bc / pc:.3f}")
PY
}

run cold "$B build -q --no-cache -t bench $CTX" "$P build -q --no-cache -t bench $CTX"
run cached "$B build -q -t bench $CTX" "$P build -q -t bench $CTX"
