#if canImport(Glibc)
import Glibc
#endif

/// One record of a container's log: a line, or a part of one (`partial`),
/// its bytes exactly as stored. The buffers belong to the reader and are
/// valid only during the call that receives the record.
package struct LogRecord {
    /// The time as a k8s-file log stores it (RFC 3339); empty for journald.
    package var storedTime: UnsafeRawBufferPointer
    /// The time journald recorded, in seconds since the epoch.
    package var journalTime: Double?
    package var stderr: Bool
    package var partial: Bool
    package var content: UnsafeRawBufferPointer

    /// Seconds since the epoch (0 for a time that does not parse).
    package var seconds: Double {
        journalTime ?? Timestamp.parse(String(decoding: storedTime, as: UTF8.self)) ?? 0
    }

    /// `TS stream F|P content` (the k8s-file format); nil for a malformed record.
    package static func k8sFile(_ record: UnsafeRawBufferPointer) -> LogRecord? {
        guard let base = record.baseAddress else { return nil }
        func space(after start: Int) -> Int? {
            guard start < record.count, let found = memchr(base + start, 32, record.count - start) else { return nil }
            return base.distance(to: UnsafeRawPointer(found))
        }
        guard let timeEnd = space(after: 0), let streamEnd = space(after: timeEnd + 1) else { return nil }
        let flagEnd = space(after: streamEnd + 1) ?? record.count
        let stream = UnsafeRawBufferPointer(rebasing: record[(timeEnd + 1)..<streamEnd])
        let flag = UnsafeRawBufferPointer(rebasing: record[(streamEnd + 1)..<flagEnd])
        let content = UnsafeRawBufferPointer(rebasing: record[min(flagEnd + 1, record.count)...])
        return LogRecord(storedTime: UnsafeRawBufferPointer(rebasing: record[0..<timeEnd]), journalTime: nil,
                         stderr: stream.elementsEqual("stderr".utf8), partial: flag.elementsEqual("P".utf8), content: content)
    }
}
