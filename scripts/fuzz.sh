#!/usr/bin/env bash
# Fuzzes with libFuzzer, the time split between two targets:
# - UnitParser: parse -> write -> parse must be stable, lookups must not
#   crash, escaped command lines must split back the same;
# - the CLI's value parsers (Sources/Engine/Spec/Values): sizes, durations,
#   signals, ulimits, env, --log-opt, --tmpfs, id maps never trap and what
#   they accept is in range; k8s-file log records keep their bytes.
#   scripts/fuzz.sh [SECONDS] [RUNS]     (defaults: 60 seconds in all, no run limit)
set -euo pipefail
cd "$(dirname "$0")/.."
total=${1:-60}
runs=${2:--1}
seconds=$(( (total + 1) / 2 ))
value_seconds=$(( total - seconds > 0 ? total - seconds : 1 ))
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

mkdir -p "$out/values-corpus"
cp -n Fuzz/ValueParsersCorpus/* "$out/values-corpus/" 2>/dev/null || true
# The parsers and the two small engine files they use, nothing else.
swiftc -O -sanitize=fuzzer,address -parse-as-library -module-name Engine -package-name Berth \
    Sources/Engine/Spec/Values/*.swift Sources/Engine/State/EngineError.swift Sources/Engine/State/Timestamp.swift \
    Sources/Engine/Containers/Logs/{LogRecord,StoredLogRecord,LogTail}.swift \
    Fuzz/ValueParsersFuzz.swift -o "$out/values-fuzz" 2>&1 \
    | { grep -v 'ld.gold: warning: Cannot export local symbol' || true; }
SWIFT_BACKTRACE=enable=no "$out/values-fuzz" -max_total_time="$value_seconds" -runs="$runs" -timeout=5 -max_len=512 \
    -artifact_prefix=fuzz-artifacts/ -print_final_stats=1 "$out/values-corpus" 2>&1 | tail -n 25
