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
# Each run has a time limit (BERTH_TEST_TIMEOUT seconds, default 40 min): a
# test that hangs fails the run, which then shows the processes still
# running and the tests that never finished, instead of eating CI's budget.
status=0
run_suites() {  # log-name, swift test arguments...
    local log=/tmp/berth-$1.log; shift
    local limit=${BERTH_TEST_TIMEOUT:-2400}
    set +e
    setsid swift test --skip-build --verbose "$@" > "$log" 2>&1 &
    local pid=$! waited=0
    while kill -0 "$pid" 2> /dev/null && ((waited < limit)); do sleep 5; ((waited += 5)); done
    if kill -0 "$pid" 2> /dev/null; then
        echo "Timed out after $limit s. Processes still running:"
        ps -eo pid,ppid,etimes,args --forest | grep -v -E '\[|ps -eo' | tail -n +2 | cut -c1-240 | tail -n 80
        echo "Tests started and not finished:"
        scripts/unfinished-tests.py "$log" | tail -n 60
        kill -TERM -- "-$pid"; sleep 10; kill -KILL -- "-$pid" 2> /dev/null
    fi
    wait "$pid"
    local rc=$?
    set -e
    grep -E '✘' "$log" | head -n 40 || true
    grep -E 'Test run with|Executed [0-9]+ tests' "$log" | tail -n 2
    ((rc == 0)) || status=$rc
}
BERTH_TEST_SUBREAPER=1 run_suites monitor-tests --filter MonitorTests
run_suites swift-tests
exit "$status"
