#!/usr/bin/env bash
# Pulls from a loopback registry, berth beside podman 4.3, each with its own
# throwaway store (overlay), both against the same registries of
# ../shared/tools/registry (Debian's docker-registry: plain HTTP, and TLS
# with htpasswd auth):
#   cold-plain   pull of the busybox test image into an empty store (HTTP)
#   cold-tls     the same over TLS with --creds and --cert-dir
#   present      pull of an image the store has (the manifest is checked)
#   big-200mb    cold pull of a 200 MB image of 5 gzip layers (HTTP),
#                and each tool's peak memory (/usr/bin/time -v, max RSS)
# Prints mean wall and CPU ms and the berth/podman ratios (lower is better).
#
# Usage: bench/registry/run.sh [BERTH_BINARY]   (root; RUNS=20, RUNS_BIG=3)
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib.sh
BERTH=$(readlink -f "${1:-${BERTH:-.build/release/berth}}")
need_tools hyperfine podman skopeo docker-registry python3 /usr/bin/time busybox
[[ -x $BERTH ]] || { echo "no berth binary at $BERTH (swift build -c release --product berth)" >&2; exit 1; }
registry_tool=$PWD/../shared/tools/registry
[[ -x $registry_tool ]] || registry_tool=/work/shared/tools/registry

WORK=$(mktemp -d /var/tmp/berth-bench-registry.XXXXXX)
PRUN=$(mktemp -d /tmp/bbr.XXXXXX)   # podman refuses a run root longer than 50 characters
export REGISTRY_DIR=$WORK/registry
cleanup() {
    "$registry_tool" clean >/dev/null 2>&1 || true
    unmount_under "$WORK"
    rm -rf "$WORK" "$PRUN"
}
trap cleanup EXIT
"$registry_tool" start all >/dev/null 2>&1
eval "$("$registry_tool" env)"

B="$BERTH --root $WORK/berth --runroot $WORK/berth-run --storage-driver overlay"
P="podman --root $WORK/podman --runroot $PRUN --storage-driver overlay"
resetB="rm -rf $WORK/berth $WORK/berth-run"
resetP="rm -rf $WORK/podman $PRUN/*"

# The busybox test image, and the 200 MB one (5 layers of 40 MB of random
# bytes, gzip), made as OCI layouts and copied to the registries by skopeo.
busybox_rootfs "$WORK/rootfs" sh ls cat echo true sleep
python3 - "$WORK" <<'PY'
import gzip, hashlib, io, json, os, sys, tarfile
work = sys.argv[1]
def layout(name, layers):
    d = f"{work}/{name}"; os.makedirs(f"{d}/blobs/sha256", exist_ok=True)
    def blob(data):
        h = hashlib.sha256(data).hexdigest(); open(f"{d}/blobs/sha256/{h}", "wb").write(data); return h
    descs, diffs = [], []
    for tar in layers:
        diffs.append("sha256:" + hashlib.sha256(tar).hexdigest())
        gz = gzip.compress(tar, compresslevel=1, mtime=0)
        descs.append({"mediaType": "application/vnd.oci.image.layer.v1.tar+gzip", "digest": "sha256:" + blob(gz), "size": len(gz)})
    config = json.dumps({"architecture": "amd64", "os": "linux", "config": {"Cmd": ["/bin/sh"]},
                         "rootfs": {"type": "layers", "diff_ids": diffs}}).encode()
    manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                           "config": {"mediaType": "application/vnd.oci.image.config.v1+json", "digest": "sha256:" + blob(config), "size": len(config)},
                           "layers": descs}).encode()
    m = blob(manifest)
    open(f"{d}/oci-layout", "w").write('{"imageLayoutVersion":"1.0.0"}')
    open(f"{d}/index.json", "w").write(json.dumps({"schemaVersion": 2, "manifests": [
        {"mediaType": "application/vnd.oci.image.manifest.v1+json", "digest": "sha256:" + m, "size": len(manifest),
         "annotations": {"org.opencontainers.image.ref.name": "latest"}}]}))
def tar_of(entries):
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w", format=tarfile.PAX_FORMAT) as t:
        for name, data, link in entries:
            info = tarfile.TarInfo(name)
            if link: info.type, info.linkname = tarfile.SYMTYPE, link
            else: info.size = len(data); info.mode = 0o755
            t.addfile(info, io.BytesIO(data) if data is not None else None)
    return out.getvalue()
root = f"{work}/rootfs"
entries = [("bin/busybox", open(f"{root}/bin/busybox", "rb").read(), None), ("etc/passwd", open(f"{root}/etc/passwd", "rb").read(), None)]
entries += [(f"bin/{a}", None, "busybox") for a in ["sh", "ls", "cat", "echo", "true", "sleep"]]
layout("busybox", [tar_of(entries)])
layout("big", [tar_of([(f"data/part{i}", os.urandom(40 << 20), None)]) for i in range(5)])
PY
for image in busybox big; do
    skopeo copy -q --dest-tls-verify=false "oci:$WORK/$image:latest" "docker://$REGISTRY_PLAIN/bench/$image:latest"
done
skopeo copy -q --src-tls-verify=false --dest-cert-dir "$REGISTRY_CERT_DIR" --dest-creds "$REGISTRY_USER:$REGISTRY_PASS" \
    "docker://$REGISTRY_PLAIN/bench/busybox:latest" "docker://$REGISTRY_TLS/bench/busybox:latest"

plain="--tls-verify=false"
tls="--cert-dir $REGISTRY_CERT_DIR --creds $REGISTRY_USER:$REGISTRY_PASS"

run() { # name runs berth-cmd podman-cmd berth-prepare podman-prepare
    local name=$1 runs=$2 out=$WORK/$1.json
    hyperfine -N --warmup 1 --runs "$runs" --export-json "$out" \
        --prepare "$5" "$3" --prepare "$6" "$4" >/dev/null 2>&1 ||
        hyperfine --warmup 1 --runs "$runs" --export-json "$out" --prepare "$5" "$3" --prepare "$6" "$4" >/dev/null
    report_pair "$name" "$out" 12 8
}

runs=${RUNS:-20}
run cold-plain "$runs" "$B pull -q $plain $REGISTRY_PLAIN/bench/busybox:latest" "$P pull -q $plain $REGISTRY_PLAIN/bench/busybox:latest" "$resetB" "$resetP"
run cold-tls "$runs" "$B pull -q $tls $REGISTRY_TLS/bench/busybox:latest" "$P pull -q $tls $REGISTRY_TLS/bench/busybox:latest" "$resetB" "$resetP"
$B pull -q $plain "$REGISTRY_PLAIN/bench/busybox:latest" >/dev/null
$P pull -q $plain "$REGISTRY_PLAIN/bench/busybox:latest" >/dev/null
run present "$runs" "$B pull -q $plain $REGISTRY_PLAIN/bench/busybox:latest" "$P pull -q $plain $REGISTRY_PLAIN/bench/busybox:latest" "true" "true"
run big-200mb "${RUNS_BIG:-3}" "$B pull -q $plain $REGISTRY_PLAIN/bench/big:latest" "$P pull -q $plain $REGISTRY_PLAIN/bench/big:latest" "$resetB" "$resetP"

peak() { # command: the max RSS in KiB of a cold pull
    /usr/bin/time -v "$@" 2>&1 >/dev/null | awk -F': ' '/Maximum resident set size/ {print $2}'
}
eval "$resetB"; eval "$resetP"
pb=$(peak $B pull -q $plain "$REGISTRY_PLAIN/bench/big:latest")
pp=$(peak $P pull -q $plain "$REGISTRY_PLAIN/bench/big:latest")
python3 -c "import sys; b, p = int(sys.argv[1]), int(sys.argv[2]); print(f'big-200mb    peak RSS: berth {b / 1024:6.1f} MiB  podman {p / 1024:6.1f} MiB  ratio {b / p:.3f}')" "$pb" "$pp"
