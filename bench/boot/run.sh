#!/usr/bin/env bash
# Boot with many container units: berth beside podman 4.3 + Podman's Quadlet,
# each in its own sdbox (SDBOX_CONTAINERS=1), same runc, same busybox image.
#   1. boot: a box whose 20 .container units (WantedBy=multi-user.target,
#      each `httpd` on the host network with its own named volume, made by
#      `run`: Quadlet 5.4's .volume units call `volume create --ignore`,
#      which podman 4.3 lacks) come up with
#      it; time from systemd's userspace start, and from the image being
#      ready (a oneshot imports it first), until the last unit is active.
#   2. `systemctl start` of the same 20 units at once, the box already up.
#   3. the floor: 20 `runc run --detach` at once of berth's own bundle, plus
#      systemd's start of 20 trivial units (and a box booting 20 of them).
# Prints mean ms and the ratios (lower is better).
#
# Usage: bench/boot/run.sh     (root; RUNS=5 by default; BERTH_BIN_DIR or a release build)
set -euo pipefail
cd "$(dirname "$0")/../.."
. bench/lib.sh
root=$PWD
runs=${RUNS:-5}
n=20
need_root
need_tools jq podman runc busybox
bin=$(berth_bin_dir)
need_sdbox

work=$(mktemp -d /var/tmp/berth-boot.XXXXXX)
layers=()
cleanup() {   # boxes are listed in a file: boot() runs in command substitutions
    for name in $(cat "$work/boxes" 2>/dev/null); do SDBOX_NAME=$name "$sdbox" stop >/dev/null 2>&1 || true; done
    for l in "${layers[@]}"; do umount -l "$l" 2>/dev/null || true; done
    rm -rf "$work"
}
trap cleanup EXIT

mkdir -p "$work/rootfs/tmp" "$work/rootfs/data"
busybox_image "$work/rootfs" "$work/image.tar" sh true sleep echo cat httpd

# layer KIND: a read-only layer (its own tmpfs: overlayfs refuses a lower
# inside another overlay) with the units, the image and, for berth, Berth.
layer() {
    local kind=$1 l=$work/layer-$1 i
    mkdir -p "$l"; mount -t tmpfs -o size=256m,mode=0755 tmpfs "$l"; layers+=("$l")
    mkdir -p "$l/srv/bench" "$l/etc/containers/systemd" "$l/etc/systemd/system/multi-user.target.wants"
    cp "$work/image.tar" "$l/srv/bench/image.tar"
    whiteout() { mkdir -p "$(dirname "$l/$1")"; [[ -e /$1 ]] && mknod "$l/$1" c 0 0 || true; }
    case $kind in
    berth)
        DESTDIR=$l BERTH_BIN_DIR=$bin packaging/install.sh >/dev/null
        whiteout usr/lib/systemd/system-generators/podman-system-generator
        whiteout usr/lib/systemd/user-generators/podman-user-generator ;;
    podman)
        whiteout usr/lib/systemd/system-generators/berth-generator
        whiteout usr/lib/systemd/user-generators/berth-user-generator ;;
    esac
    if [[ $kind == floor ]]; then
        for ((i = 1; i <= n; i++)); do
            printf '[Service]\nExecStart=/bin/sleep infinity\n[Install]\nWantedBy=multi-user.target\n' >"$l/etc/systemd/system/t$i.service"
            ln -s ../t$i.service "$l/etc/systemd/system/multi-user.target.wants/t$i.service"
        done
        return
    fi
    printf '[Unit]\nDefaultDependencies=no\nAfter=local-fs.target\n[Service]\nType=oneshot\nRemainAfterExit=yes\nExecStart=/usr/bin/%s import /srv/bench/image.tar localhost/bench:latest\n' \
        "$kind" >"$l/etc/systemd/system/bench-image.service"
    for ((i = 1; i <= n; i++)); do
        printf '[Unit]\nRequires=bench-image.service\nAfter=bench-image.service\n[Container]\nImage=localhost/bench:latest\nExec=httpd -f -p %d -h /data\nStopTimeout=1\nNetwork=host\nVolume=srv%d-data:/data\n[Install]\nWantedBy=multi-user.target\n' \
            $((8000 + i)) $i >"$l/etc/containers/systemd/srv$i.container"
    done
}

# boot KIND: boots a box on KIND's layer; prints "total-ms image-ready-ms"
# (the last unit's activation after systemd's userspace start / after the
# image unit finished), from systemd's own monotonic timestamps.
boot() {
    local kind=$1 name=boot-$1-$$-$2
    echo "$name" >>"$work/boxes"
    local env=(SDBOX_NAME=$name SDBOX_CONTAINERS=1 SDBOX_LOWER=$work/layer-$kind:/)
    [[ $kind == podman ]] && env+=(SDBOX_QUADLET=$("$root/../shared/tools/reference-quadlet" "$work/ref" | tail -n 1))
    env "${env[@]}" "$sdbox" start >/dev/null 2>&1
    local prefix=srv; [[ $kind == floor ]] && prefix=t
    env SDBOX_NAME=$name "$sdbox" exec bash -c "
        units=\$(seq -f '$prefix%g.service' $n)
        for t in \$(seq 600); do [[ \$(systemctl is-active \$units | grep -cx active) == $n ]] && break; sleep 0.05; done
        [[ \$(systemctl is-active \$units | grep -cx active) == $n ]] || { systemctl --no-pager --failed >&2; exit 1; }
        start=\$(systemctl show -P UserspaceTimestampMonotonic)
        image=\$(systemctl show -P ActiveEnterTimestampMonotonic bench-image.service 2>/dev/null || echo 0)
        [[ -n \$image && \$image != 0 ]] || image=\$start
        last=\$(for u in \$units; do systemctl show -P ActiveEnterTimestampMonotonic \$u; done | sort -n | tail -1)
        echo \$(( (last - start) / 1000 )) \$(( (last - image) / 1000 ))"
}

# start_all NAME KIND: mean ms of `systemctl start` of the n units at once, the box up.
start_all() {
    local name=$1 prefix=$2
    SDBOX_NAME=$name "$sdbox" exec bash -c "
        units=\$(seq -f '$prefix%g.service' $n)
        for r in \$(seq $runs); do
            systemctl stop \$units
            rm -f /run/srv*.cid   # Quadlet 5.4 passes --cidfile; podman 4.3's rm leaves the file
            s=\$(date +%s%N); systemctl start \$units; e=\$(date +%s%N)
            [[ \$(systemctl is-active \$units | grep -cx active) == $n ]] || { systemctl --no-pager --failed >&2; exit 1; }
            echo \$(( (e - s) / 1000 ))
        done" | awk '{ s += $1; k++ } END { printf "%.0f", s / k / 1000 }'
}

# runc_floor NAME: mean ms of n `runc run --detach` at once of berth's bundle.
runc_floor() {
    SDBOX_NAME=$1 "$sdbox" exec bash -c "set -e
        id=\$(berth run -d --network host localhost/bench:latest sleep 1000)
        bundle=/run/berth/containers/\$id
        mkdir -p /root/floor/rootfs && tar -C /root/floor/rootfs -xf /srv/bench/image.tar
        jq --arg bundle \"\$bundle\" '.root.path = \"/root/floor/rootfs\" | .root.readonly = true
            | .process.args = [\"/bin/sleep\", \"1000\"] | .process.terminal = false | del(.linux.cgroupsPath)
            | .mounts |= map(select(.source | startswith(\$bundle) | not))' \$bundle/config.json >/root/floor/config.json
        berth rm -f -t 0 \$id >/dev/null
        for r in \$(seq $runs); do
            s=\$(date +%s%N)
            for i in \$(seq $n); do runc run --detach --bundle /root/floor f\$i </dev/null >/dev/null 2>&1 & done
            wait
            e=\$(date +%s%N)
            echo \$(( (e - s) / 1000 ))
            for i in \$(seq $n); do runc delete -f f\$i; done
        done" | awk '{ s += $1; k++ } END { printf "%.0f", s / k / 1000 }'
}

mean_boot() {   # mean_boot KIND: "total image" over RUNS boots
    local kind=$1 r out=()
    for ((r = 1; r <= runs; r++)); do
        out+=("$(boot "$kind" "$r")")
        [[ $r -lt $runs ]] && { SDBOX_NAME=boot-$kind-$$-$r "$sdbox" stop >/dev/null 2>&1 || true; }
    done
    printf '%s\n' "${out[@]}" | awk '{ t += $1; i += $2; k++ } END { printf "%.0f %.0f\n", t / k / 1000, i / k / 1000 }'
}

for kind in berth podman floor; do layer $kind; done
read -r bb bi < <(mean_boot berth)
sb=$(start_all "boot-berth-$$-$runs" srv)
rf=$(runc_floor "boot-berth-$$-$runs")
SDBOX_NAME=boot-berth-$$-$runs "$sdbox" stop >/dev/null 2>&1 || true
read -r pb pi < <(mean_boot podman)
sp=$(start_all "boot-podman-$$-$runs" srv)
SDBOX_NAME=boot-podman-$$-$runs "$sdbox" stop >/dev/null 2>&1 || true
read -r fb _ < <(mean_boot floor)
tf=$(start_all "boot-floor-$$-$runs" t)

floor=$((rf + tf))
printf '%-58s %7s %7s %6s\n' "$n units, mean ms over $runs runs, in sdbox" berth podman ratio
printf '%-58s %7d %7d %6s  (goal <= 0.30)\n' "boot: userspace start -> all active" "$bb" "$pb" "$(ratio "$bb" "$pb")"
printf '%-58s %7d %7d %6s\n' "boot: image imported -> all active" "$bi" "$pi" "$(ratio "$bi" "$pi")"
printf '%-58s %7d %7d %6s  (goal <= 0.25)\n' "systemctl start of $n at once (box up)" "$sb" "$sp" "$(ratio "$sb" "$sp")"
printf '%-58s %7d\n' "floor: $n x runc run --detach at once" "$rf"
printf '%-58s %7d\n' "floor: systemctl start of $n trivial units" "$tf"
printf '%-58s %7d   berth/floor %s (goal <= 1.3)\n' "floor: runc + systemd = $rf + $tf" "$floor" "$(ratio "$sb" "$floor")"
printf '%-58s %7d   berth boot/floor boot %s\n' "floor: boot with $n trivial units (userspace -> all active)" "$fb" "$(ratio "$bb" "$fb")"
