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
. "$(dirname "$0")/../lib.sh"

BERTH=${1:-${BERTH:-$(dirname "$0")/../../.build/release/berth}}
BERTH=$(readlink -f "$BERTH")
need_tools hyperfine podman runc busybox
need_root "overlay mounts, runc"
[ -x "$BERTH" ] || { echo "no berth binary at $BERTH (swift build -c release --product berth)" >&2; exit 1; }

throwaway_stores

# Both with runc: crun refuses this host's hybrid cgroups.
B="$BERTH --root $WORK/berth --runroot $WORK/berth-run --storage-driver overlay --runtime runc"
P="podman --root $WORK/podman --runroot $PRUN --storage-driver overlay --runtime runc"

mkdir -p "$WORK/rootfs/tmp"
busybox_image "$WORK/rootfs" "$WORK/busybox.tar" sh ls cat echo true
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
    report_pair "$name" "$out" 8 7
}

run cold "$B build -q --no-cache -t bench $CTX" "$P build -q --no-cache -t bench $CTX"
run cached "$B build -q -t bench $CTX" "$P build -q -t bench $CTX"
