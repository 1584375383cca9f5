// libFuzzer entry point for the CLI's value parsers (Sources/Engine/Spec/Values)
// and the k8s-file log record parser, compiled together with those sources by
// scripts/fuzz.sh.
//
// The first byte of an input picks the parser, the rest is the value.
// Properties checked on every input:
// - no parser crashes, traps or hangs, whatever the value;
// - what a parser accepts is in range: sizes are 0...Int64.max, a memory
//   limit is at least 6 MiB, durations are finite and within Go's range,
//   log times are between 0 and Go's last time, signals are 1...64,
//   ulimits have soft <= hard, id maps stay inside 32 bits;
// - a log record's content is the record's bytes after its third space,
//   unchanged, and --tail keeps at most the lines asked for;
// - an accepted size or duration is accepted again, with the same result.

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzzValueParsers(_ data: UnsafePointer<UInt8>, _ size: Int) -> Int32 {
    guard size > 0 else { return 0 }
    let selector = data[0]
    let text = String(decoding: UnsafeBufferPointer(start: data + 1, count: size - 1), as: UTF8.self)
    switch selector % 13 {
    case 0:
        if let bytes = try? ByteSize.parse(text) {
            check(bytes >= 0, "negative size \(bytes) from \(text.debugDescription)")
            check((try? ByteSize.parse(text)) == bytes, "size parse not stable for \(text.debugDescription)")
        }
    case 1:
        if let bytes = try? ByteSize.parseDecimal(text) { check(bytes >= 0, "negative size \(bytes) from \(text.debugDescription)") }
    case 2:
        if let limit = try? ByteSize.memoryLimit(text) {
            check(limit >= 6 * 1024 * 1024, "memory limit \(limit) below 6 MiB from \(text.debugDescription)")
        }
        if let shm = try? ByteSize.shmSize(text) { check(shm > 0, "shm size \(shm) from \(text.debugDescription)") }
    case 3:
        if let seconds = try? Durations.parse(text) {
            check(seconds.isFinite && abs(seconds) <= Durations.maximumSeconds, "duration \(seconds) from \(text.debugDescription)")
            check((try? Durations.parse(text)) == seconds, "duration parse not stable for \(text.debugDescription)")
        }
    case 4:
        if let time = try? LogTimeBound.parse(text, now: 1_700_000_000) {
            check(time >= 0 && time <= Durations.maximumSeconds, "log time \(time) from \(text.debugDescription)")
            _ = UInt64(time * 1_000_000)
        }
    case 5:
        if let signal = try? Signals.parse(text) { check(signal >= 1 && signal <= 64, "signal \(signal) from \(text.debugDescription)") }
    case 6:
        if let limit = try? Ulimit.parse(text) { check(limit.soft <= limit.hard, "ulimit \(limit) from \(text.debugDescription)") }
    case 7:
        _ = try? EnvironmentAssignment.parse(text)
    case 8:
        if let assignments = try? EnvironmentAssignment.parseFile(Array(text.utf8)) {
            for case .set(let name, _) in assignments { check(!name.isEmpty, "empty variable name from \(text.debugDescription)") }
        }
    case 9:
        _ = try? LogOptions.parse(text.split(separator: "\n", omittingEmptySubsequences: false).map(String.init))
    case 10:
        if let mount = try? TmpfsMount.parse(text) { check(mount.destination.hasPrefix("/"), "relative tmpfs \(mount.destination.debugDescription)") }
    case 11:
        logRecords(Array(text.utf8), tail: Int(selector / 13))
    default:
        if let maps = try? IDMap.parse([text], flag: "--uidmap") {
            for map in maps {
                check(UInt64(map.containerID) + UInt64(map.size) <= UInt64(UInt32.max), "id map \(map) past 32 bits")
                _ = IDMap.host(map.containerID, in: maps)
            }
        }
    }
    return 0
}

/// Each line of `bytes` as a k8s-file record, and the last `tail` lines of them.
private func logRecords(_ bytes: [UInt8], tail: Int) {
    var ring = LogTail(lines: tail)
    var complete = 0
    for line in bytes.split(separator: 10, omittingEmptySubsequences: false) {
        Array(line).withUnsafeBytes { raw in
            guard let record = LogRecord.k8sFile(raw) else { return }
            let fields = line.split(separator: 32, maxSplits: 3, omittingEmptySubsequences: false)
            check(fields.count >= 3, "a record of fewer than three fields: \(line)")
            check(Array(record.content) == (fields.count > 3 ? Array(fields[3]) : []), "content changed: \(line)")
            check(Array(record.storedTime) == Array(fields[0]), "time changed: \(line)")
            _ = record.seconds
            ring.append(record)
        }
    }
    ring.forEach { if !$0.partial { complete += 1 } }
    check(complete <= tail, "--tail \(tail) kept \(complete) lines")
}

private func check(_ condition: Bool, _ message: @autoclosure () -> String) {
    if !condition { fatalError(message()) }
}
