#!/usr/bin/env bash
# Runs every test: installs what is needed, builds, runs the Swift test
# suites (unit tests and system tests against runc, journald and a real
# systemd box), Podman's Quadlet conformance cases, and a bounded fuzz run.
# Needs root for the system tests (they skip, saying why, without it).
set -euo pipefail
cd "$(dirname "$0")/.."
step() { printf '\n== %s\n' "$*"; }

step "Dependencies"
scripts/install-deps.sh

step "Build (debug)"
swift build --build-tests 2>&1 | tail -n 3
export BERTH_BIN_DIR=$(swift build --show-bin-path)
# ArgumentParser's man-page tool: PackageTests packages the debug build.
swift build --product generate-manual 2>&1 | tail -n 1

step "Quadlet conformance (Podman's own generator test cases)"
python3 ../shared/conformance/quadlet/run.py --generator "$BERTH_BIN_DIR/berth-generator" --only container,volume,network,pod
python3 ../shared/conformance/quadlet/run.py --generator "$BERTH_BIN_DIR/berth-generator" | tail -n 1

step "Fuzzing UnitParser (bounded)"
scripts/fuzz.sh "${BERTH_FUZZ_SECONDS:-60}"

step "Swift tests"
# Two processes: the monitor's container suites make their test process a
# child subreaper (to see the detached monitor's exit status), which must not
# adopt the orphans of the systemd-box suites. Full output in /tmp/berth-*.log.
status=0
run_suites() {  # log-name, swift test arguments...
    local log=/tmp/berth-$1.log; shift
    set +e
    swift test --skip-build "$@" > "$log" 2>&1
    local rc=$?
    set -e
    grep -E '✘' "$log" | head -n 40 || true
    grep -E 'Test run with|Executed [0-9]+ tests' "$log" | tail -n 2
    ((rc == 0)) || status=$rc
}
BERTH_TEST_SUBREAPER=1 run_suites monitor-tests --filter MonitorTests
run_suites swift-tests
exit "$status"
