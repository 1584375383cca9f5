# What the bench scripts share; sourced (`. "$(dirname "$0")/../lib.sh"`)
# by bash and by sh scripts alike, so plain sh (with `local`) only.

# need_root [WHY]: exits unless run as root.
need_root() {
    [ "$(id -u)" = 0 ] || { echo "run as root${1:+ ($1)}" >&2; exit 1; }
}

# need_tools TOOL...: exits naming the first one not on PATH.
need_tools() {
    for tool in "$@"; do command -v "$tool" >/dev/null || { echo "missing $tool" >&2; exit 1; }; done
}

# berth_bin_dir: BERTH_BIN_DIR, else the release build of berth, its
# monitor and its generator (built here), for packaging/install.sh.
berth_bin_dir() {
    if [ -n "${BERTH_BIN_DIR:-}" ]; then echo "$BERTH_BIN_DIR"; return; fi
    for p in berth conmon-swift berth-generator; do swift build -c release --product $p >/dev/null || return 1; done
    swift build -c release --show-bin-path
}

# need_sdbox: sets sdbox to ../shared/tools/sdbox (from the repository
# root); exits unless it and systemd-nspawn are there.
need_sdbox() {
    sdbox=$PWD/../shared/tools/sdbox
    [ -x "$sdbox" ] || sdbox=/work/shared/tools/sdbox
    [ -x "$sdbox" ] && command -v systemd-nspawn >/dev/null || { echo "needs ../shared/tools/sdbox and systemd-nspawn" >&2; exit 1; }
}

# busybox_rootfs DIR APPLET...: a busybox root file system in DIR (bin/
# with the applets as links, etc/passwd with root).
busybox_rootfs() {
    local dir=$1
    shift
    mkdir -p "$dir/bin" "$dir/etc"
    cp "$(command -v busybox)" "$dir/bin/busybox"
    for a in "$@"; do ln -s busybox "$dir/bin/$a"; done
    echo 'root:x:0:0:root:/root:/bin/sh' >"$dir/etc/passwd"
}

# busybox_image DIR TARBALL APPLET...: busybox_rootfs DIR, packed into TARBALL.
busybox_image() {
    local dir=$1 tarball=$2
    shift 2
    busybox_rootfs "$dir" "$@"
    tar --numeric-owner -C "$dir" -cf "$tarball" .
}

# throwaway_stores: WORK (berth's store and the scratch files) and PRUN
# (podman's run root: podman refuses one longer than 50 characters, so not
# under WORK), both removed on exit with podman's store and what is mounted.
throwaway_stores() {
    WORK=$(mktemp -d /tmp/berth-bench.XXXXXX)
    PRUN=$(mktemp -d /tmp/bbp.XXXXXX)
    trap 'podman --root "$WORK/podman" --runroot "$PRUN" --storage-driver overlay system reset -f >/dev/null 2>&1 || true
        unmount_under "$WORK"; rm -rf "$WORK" "$PRUN"' EXIT
}

# ratio A B: A / B to two decimals.
ratio() { awk "BEGIN { printf \"%.2f\", $1 / $2 }"; }

# unmount_under DIR: lazily unmounts everything mounted below DIR, deepest first.
unmount_under() {
    grep -o " $1[^ ]*" /proc/self/mountinfo | sort -r | while read -r m; do umount -l "$m" 2>/dev/null || true; done
}

# report_pair NAME JSON NAME-WIDTH NUMBER-WIDTH: one line of hyperfine's
# two results (berth first, then podman): mean wall and CPU time
# (user + system: says the same on a busy machine, where wall time is
# mostly waiting for a core) and the berth/podman ratios.
report_pair() {
    python3 - "$1" "$2" "$3" "$4" <<'PY'
import json, sys
name, path, nw, w = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
r = json.load(open(path))["results"]
b, p = r[0]["mean"] * 1000, r[1]["mean"] * 1000
bc = (r[0]["user"] + r[0]["system"]) * 1000
pc = (r[1]["user"] + r[1]["system"]) * 1000
print(f"{name:<{nw}} wall: berth {b:{w}.1f} ms  podman {p:{w}.1f} ms  ratio {b / p:.3f}   "
      f"cpu: berth {bc:{w - 1}.1f} ms  podman {pc:{w - 1}.1f} ms  ratio {bc / pc:.3f}")
PY
}

# In an sdbox box (SDBOX_NAME; need_sdbox first) -------------------------

# box_install_berth: installs Berth from $bin into the box (root: box),
# Podman's generators removed (one Quadlet generator a box).
box_install_berth() {
    rm -f "$box/usr/lib/systemd/system-generators/podman-system-generator" "$box/usr/lib/systemd/user-generators/podman-user-generator"
    DESTDIR=$box BERTH_BIN_DIR=$bin packaging/install.sh >/dev/null
}

# box_with_berth: starts the box, sets box to its root, box_install_berth.
box_with_berth() {
    "$sdbox" start >/dev/null 2>&1
    box=$("$sdbox" root)
    box_install_berth
}

# box_import TARBALL: the image as localhost/bench:latest in both stores of the box.
box_import() {
    cp "$1" "$box/root/image.tar"
    "$sdbox" exec berth import /root/image.tar localhost/bench:latest >/dev/null
    "$sdbox" exec podman import -q /root/image.tar localhost/bench:latest >/dev/null
}

# box_mean I: mean ms of command I of the box's last /root/h.json.
box_mean() { jq -r ".results[$1].mean * 1000" "$("$sdbox" root)/root/h.json"; }

# box_pair BERTH-CMD PODMAN-CMD: hyperfine of both in the box (no shell);
# prints "berth-ms podman-ms".
box_pair() {
    "$sdbox" exec hyperfine -N --warmup 3 --runs "$runs" --export-json /root/h.json "$1" "$2" >/dev/null 2>&1 || return 1
    echo "$(box_mean 0) $(box_mean 1)"
}

# table_header WIDTH / table_row WIDTH LABEL BERTH-MS PODMAN-MS GOAL:
# the mean wall times, in sdbox, berth beside podman, and their ratio.
table_header() { printf "%-${1}s %9s %9s %7s\n" "mean wall time (ms), in sdbox" "berth" "podman" "ratio"; }
table_row() { printf "%-${1}s %9.1f %9.1f %7s  (goal <= %s)" "$2" "$3" "$4" "$(ratio "$3" "$4")" "$5"; }

# box_runc_floor_ms: mean ms of runc alone (run = create, start, wait,
# delete) of /bin/true on the config.json berth makes: the same spec
# (namespaces, seccomp profile, capabilities, masked paths), its own copy
# of the root file system, no bundle files, no cgroup path.
box_runc_floor_ms() {
    "$sdbox" exec bash -c "set -e
        id=\$(berth run -d --network none localhost/bench sleep 1000)
        bundle=/run/berth/containers/\$id
        mkdir -p /root/floor/rootfs && tar -C /root/floor/rootfs -xf /root/image.tar
        jq --arg bundle \"\$bundle\" '.root.path = \"/root/floor/rootfs\" | .root.readonly = false
            | .process.args = [\"/bin/true\"] | .process.terminal = false | del(.linux.cgroupsPath)
            | .mounts |= map(select(.source | startswith(\$bundle) | not))' \$bundle/config.json >/root/floor/config.json
        berth rm -f \$id >/dev/null
        hyperfine -N --warmup 3 --runs $runs --export-json /root/h.json 'runc run --bundle /root/floor floor' >/dev/null 2>&1" || return 1
    box_mean 0
}
