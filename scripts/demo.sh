#!/usr/bin/env bash
# The main job, end to end: Quadlet files from units/examples become systemd
# services. Installs what it needs, builds, installs Berth, generates the
# services, validates them with systemd-analyze, then boots a real systemd
# (a throw-away box) and lets systemd itself run berth-generator on
# daemon-reload. Needs root. Idempotent.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
sdbox=$root/../shared/tools/sdbox
step() { printf '\n\033[1m== %s\033[0m\n' "$*"; }

step "Installing Debian packages and building Berth (release)"
scripts/install-deps.sh
packaging/install.sh

step "Example Quadlet units (units/examples)"
for f in units/examples/*; do printf '  %s\n' "$f"; done

out=$(mktemp -d /tmp/berth-demo.XXXXXX)
trap 'rm -rf "$out"' EXIT
step "berth-generator: units in, services out ($out)"
QUADLET_UNIT_DIRS=$root/units/examples /usr/lib/systemd/system-generators/berth-generator -no-kmsg-log "$out"
(cd "$out" && find . -mindepth 1 | sort | sed 's/^\.\//  /')

step "The generated web.service"
cat "$out/web.service"

step "systemd-analyze verify on every generated service"
(cd "$out" && systemd-analyze verify --man=no ./*.service) && echo "  all services verified"

if [[ -x $sdbox ]] && command -v systemd-nspawn >/dev/null; then
    export SDBOX_NAME=berth-demo SDBOX_CONTAINERS=1
    step "Booting systemd 252 in a throw-away box and installing Berth there"
    "$sdbox" stop >/dev/null 2>&1 || true
    "$sdbox" start
    trap '"$sdbox" stop >/dev/null 2>&1 || true; rm -rf "$out"' EXIT
    box=$("$sdbox" root)
    # Only one Quadlet generator may own /etc/containers/systemd.
    rm -f "$box/usr/lib/systemd/system-generators/podman-system-generator" \
          "$box/usr/lib/systemd/user-generators/podman-user-generator"
    DESTDIR=$box BERTH_BIN_DIR=$(swift build -c release --show-bin-path) packaging/install.sh >/dev/null
    mkdir -p "$box/etc/containers/systemd"
    cp units/examples/* "$box/etc/containers/systemd/"

    step "The demo image: a busybox-static root filesystem, berth import"
    rootfs=$out/rootfs
    mkdir -p "$rootfs/bin" "$rootfs/etc" "$rootfs/tmp" "$rootfs/var/www"
    cp /bin/busybox "$rootfs/bin/busybox"
    for applet in sh echo cat ls sleep httpd wget; do ln -s busybox "$rootfs/bin/$applet"; done
    echo 'root:x:0:0:root:/root:/bin/sh' >"$rootfs/etc/passwd"
    tar --numeric-owner -C "$rootfs" -cf "$box/root/berth-demo.tar" .
    "$sdbox" exec berth import /root/berth-demo.tar localhost/berth-demo/busybox:latest

    step "systemctl daemon-reload (systemd runs berth-generator)"
    "$sdbox" exec systemctl daemon-reload
    "$sdbox" exec systemctl list-unit-files --no-pager 'web*' 'stack*' 'app-network*'
    step "systemctl cat web.service (inside the box)"
    "$sdbox" exec systemctl cat --no-pager web.service | sed -n '1,12p;/^\[Service\]/,$p'
    step "What web.service pulls in"
    "$sdbox" exec systemctl list-dependencies --no-pager --plain web.service | grep -E 'volume|network|web' || true

    step "systemctl start web-host.service (the server on the host network; it writes the page into the web-data volume)"
    "$sdbox" exec systemctl start web-host.service
    "$sdbox" exec systemctl status --no-pager --lines=0 web-host.service | sed 's/ --exit-command.*//' || true
    step "berth ps (inside the box)"
    "$sdbox" exec berth ps
    step "The page it serves"
    "$sdbox" exec busybox wget -q -O - http://127.0.0.1:8080/
    step "journalctl -u web-host.service: the container's own output, with CONTAINER_NAME"
    "$sdbox" exec journalctl -u web-host.service --no-pager -o verbose \
        | grep -E '^    (MESSAGE|CONTAINER_NAME)=' | grep -B1 'CONTAINER_NAME=systemd-web-host' | grep MESSAGE || true
    step "systemctl stop web-host.service removes the container"
    "$sdbox" exec systemctl stop web-host.service
    "$sdbox" exec berth ps -a
    step "systemctl start web.service: the same server on app.network (a bridge through netavark), port published"
    "$sdbox" exec systemctl start web.service || { "$sdbox" exec journalctl -u web.service -u app-network.service -u web-data-volume.service --no-pager | tail -25; "$sdbox" stop; exit 1; }
    "$sdbox" exec berth ps --format '{{.Names}} {{.Ports}} {{.Networks}}'
    "$sdbox" exec busybox wget -q -O - http://127.0.0.1:8080/
    step "systemctl stop web.service: no container, namespace or address left"
    "$sdbox" exec systemctl stop web.service
    "$sdbox" exec berth ps -a
    "$sdbox" exec sh -c 'ls /run/berth/netns 2>/dev/null | wc -l'
    "$sdbox" stop >/dev/null
else
    echo "(sdbox or systemd-nspawn missing: skipped the systemd part)"
fi
step "Done"
