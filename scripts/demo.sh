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
    export SDBOX_NAME=berth-demo
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

    step "systemctl daemon-reload (systemd runs berth-generator)"
    "$sdbox" exec systemctl daemon-reload
    "$sdbox" exec systemctl list-unit-files --no-pager 'web*' 'stack*' 'app-network*'
    step "systemctl cat web.service (inside the box)"
    "$sdbox" exec systemctl cat --no-pager web.service | sed -n '1,12p;/^\[Service\]/,$p'
    step "What web.service pulls in"
    "$sdbox" exec systemctl list-dependencies --no-pager --plain web.service | grep -E 'volume|network|web' || true
    "$sdbox" stop >/dev/null
else
    echo "(sdbox or systemd-nspawn missing: skipped the systemd part)"
fi
step "Done"
