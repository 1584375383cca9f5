#!/usr/bin/env bash
# Builds Berth in release mode and installs it:
#   /usr/bin/berth                                         the engine CLI
#   /usr/libexec/berth/conmon-swift                        the container monitor
#   /usr/lib/systemd/system-generators/berth-generator     the system generator
#   /usr/lib/systemd/user-generators/berth-user-generator  -> the same binary, user mode
#   /usr/lib/systemd/user/berth-user-wait-network-online.service
#   /usr/lib/systemd/system/berth-restart.service          restarts `--restart=always` containers at boot
#   /usr/lib/systemd/{system,user}/berth-auto-update.{service,timer}  `berth auto-update`, daily
# DESTDIR=/some/root installs into another tree (a box, a package).
set -euo pipefail
cd "$(dirname "$0")/.."
dest=${DESTDIR:-}
bin=${BERTH_BIN_DIR:-}
if [[ -z $bin ]]; then
    swift build -c release --product berth-generator >/dev/null
    swift build -c release --product berth >/dev/null
    swift build -c release --product conmon-swift >/dev/null
    bin=$(swift build -c release --show-bin-path)
fi
install -D -m 0755 "$bin/berth" "$dest/usr/bin/berth"
install -D -m 0755 "$bin/conmon-swift" "$dest/usr/libexec/berth/conmon-swift"
install -D -m 0755 "$bin/berth-generator" "$dest/usr/lib/systemd/system-generators/berth-generator"
install -d "$dest/usr/lib/systemd/user-generators"
ln -sfn ../system-generators/berth-generator "$dest/usr/lib/systemd/user-generators/berth-user-generator"
install -D -m 0644 units/user/berth-user-wait-network-online.service \
    "$dest/usr/lib/systemd/user/berth-user-wait-network-online.service"
install -D -m 0644 units/system/berth-restart.service "$dest/usr/lib/systemd/system/berth-restart.service"
for scope in system user; do
    for unit in berth-auto-update.service berth-auto-update.timer; do
        install -D -m 0644 "units/$scope/$unit" "$dest/usr/lib/systemd/$scope/$unit"
    done
done
echo "installed Berth into ${dest:-/}"
