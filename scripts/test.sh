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

step "Quadlet conformance (Podman's own generator test cases)"
python3 ../shared/conformance/quadlet/run.py --generator "$BERTH_BIN_DIR/berth-generator" --only container,volume,network,pod
python3 ../shared/conformance/quadlet/run.py --generator "$BERTH_BIN_DIR/berth-generator" | tail -n 1

step "Fuzzing UnitParser (bounded)"
scripts/fuzz.sh "${BERTH_FUZZ_SECONDS:-60}"

step "Swift tests"
# Full output in /tmp/berth-swift-test.log; the summary lines are the last ones.
set +e
swift test --skip-build > /tmp/berth-swift-test.log 2>&1
status=$?
set -e
grep -E '✘|failed|error:' /tmp/berth-swift-test.log | grep -v ' passed' | head -n 40 || true
tail -n 5 /tmp/berth-swift-test.log
exit "$status"
