#!/usr/bin/env bash
# Fuzzes UnitParser with libFuzzer: parse -> write -> parse must be stable,
# lookups must not crash, escaped command lines must split back the same.
#   scripts/fuzz.sh [SECONDS] [RUNS]     (defaults: 60 seconds, no run limit)
set -euo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-60}
runs=${2:--1}
out=.build-fuzz
mkdir -p "$out/corpus" fuzz-artifacts
# Seed with every Quadlet case file we have.
if [[ -d ../shared/conformance/quadlet/cases ]]; then
    find ../shared/conformance/quadlet/cases -type f ! -name '*.json' -exec cp -n {} "$out/corpus/" \; 2>/dev/null || true
fi
cp -n units/examples/* "$out/corpus/" 2>/dev/null || true
swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name UnitParser \
    Sources/UnitParser/*.swift Fuzz/UnitParserFuzz.swift -o "$out/unitparser-fuzz" 2>&1 \
    | { grep -v 'ld.gold: warning: Cannot export local symbol' || true; }
SWIFT_BACKTRACE=enable=no "$out/unitparser-fuzz" -max_total_time="$seconds" -runs="$runs" -timeout=5 -max_len=4096 \
    -artifact_prefix=fuzz-artifacts/ -print_final_stats=1 "$out/corpus" 2>&1 | tail -n 25
