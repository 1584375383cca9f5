/// The records of the last `lines` complete lines seen so far (partial
/// records belong to the line they end in; a trailing unfinished line is
/// kept too): memory bounded by those lines, not by the log.
struct LogTail {
    let lines: Int
    private var records: [StoredLogRecord] = []
    private var head = 0
    private var completeLines = 0

    init(lines: Int) { self.lines = lines }

    mutating func append(_ record: LogRecord) {
        records.append(StoredLogRecord(record))
        guard !record.partial else { return }
        completeLines += 1
        if completeLines > lines {
            // Drop the oldest line: its records up to and including its last.
            while head < records.count {
                let last = !records[head].partial
                head += 1
                if last { break }
            }
            completeLines -= 1
            if head > 1024 && head * 2 > records.count {
                records.removeFirst(head)
                head = 0
            }
        }
    }

    func forEach(_ body: (LogRecord) throws -> Void) rethrows {
        for record in records[head...] { try record.withRecord(body) }
    }
}
