/// A copy of a `LogRecord` that outlives the reader's buffer (for `--tail`).
struct StoredLogRecord {
    var storedTime: [UInt8]
    var journalTime: Double?
    var stderr: Bool
    var partial: Bool
    var content: [UInt8]

    init(_ record: LogRecord) {
        storedTime = Array(record.storedTime)
        journalTime = record.journalTime
        stderr = record.stderr
        partial = record.partial
        content = Array(record.content)
    }

    func withRecord<T>(_ body: (LogRecord) throws -> T) rethrows -> T {
        try storedTime.withUnsafeBytes { time in
            try content.withUnsafeBytes { content in
                try body(LogRecord(storedTime: time, journalTime: journalTime, stderr: stderr, partial: partial, content: content))
            }
        }
    }
}
