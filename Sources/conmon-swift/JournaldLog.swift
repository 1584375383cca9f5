import CShim

/// One journal entry per line through libsystemd's sd_journal_sendv (loaded
/// on first use, see cshim_journal_load), with the container's fields. Lines
/// longer than the buffer go out in pieces marked partial.
final class JournaldLog {
    static let lineCapacity = 8192
    private static let messagePrefix: StaticString = "MESSAGE="
    private static let prefixLength = 8

    /// Pre-built "KEY=value" fields shared by every entry.
    private var fields: [iovec] = []
    private let stdoutPriority = JournaldLog.field("PRIORITY=6")
    private let stderrPriority = JournaldLog.field("PRIORITY=3")
    private let partialFlag = JournaldLog.field("CONTAINER_PARTIAL_MESSAGE=true")
    private var iov: UnsafeMutablePointer<iovec>
    private var stdoutLine: LineBuffer
    private var stderrLine: LineBuffer

    init(options: Options) {
        let shortId = String(decoding: Array(options.cuuid.utf8.prefix(12)), as: UTF8.self)
        fields.append(JournaldLog.field("CONTAINER_ID=" + shortId))
        fields.append(JournaldLog.field("CONTAINER_ID_FULL=" + options.cuuid))
        fields.append(JournaldLog.field("CONTAINER_NAME=" + options.name))
        if !options.logTag.isEmpty {
            fields.append(JournaldLog.field("CONTAINER_TAG=" + options.logTag))
            fields.append(JournaldLog.field("SYSLOG_IDENTIFIER=" + options.logTag))
        } else {
            fields.append(JournaldLog.field("SYSLOG_IDENTIFIER=" + options.name))
        }
        for label in options.logLabels { fields.append(JournaldLog.field(label)) }
        iov = UnsafeMutablePointer<iovec>.allocate(capacity: fields.count + 3)
        for (i, f) in fields.enumerated() { iov[2 + i] = f }
        stdoutLine = LineBuffer(capacity: JournaldLog.prefixLength + JournaldLog.lineCapacity)
        stderrLine = LineBuffer(capacity: JournaldLog.prefixLength + JournaldLog.lineCapacity)
        for line in [stdoutLine, stderrLine] {
            _ = memcpy(line.bytes, JournaldLog.messagePrefix.utf8Start, JournaldLog.prefixLength)
            line.count = JournaldLog.prefixLength
        }
    }

    private static func field(_ text: String) -> iovec {
        let copy = text.withCString { strdup($0)! }
        return iovec(iov_base: UnsafeMutableRawPointer(copy), iov_len: strlen(copy))
    }

    func write(_ stream: Stream, _ data: UnsafePointer<UInt8>, _ count: Int) {
        let line = stream == .stdout ? stdoutLine : stderrLine
        var start = 0
        while start < count {
            let rest = count - start
            let nl = memchr(data + start, 10, rest)
            var take = nl.map { UnsafeRawPointer($0) - UnsafeRawPointer(data + start) } ?? rest
            let room = line.capacity - line.count
            var complete = nl != nil
            if take > room {
                take = room
                complete = false
            }
            _ = memcpy(line.bytes + line.count, data + start, take)
            line.count += take
            start += take
            if complete {
                start += 1
                send(stream, line, partial: false)
            } else if line.count == line.capacity {
                send(stream, line, partial: true)
            }
        }
    }

    /// The container is gone: unterminated lines go out as partial entries.
    func flush() {
        if stdoutLine.count > JournaldLog.prefixLength { send(.stdout, stdoutLine, partial: true) }
        if stderrLine.count > JournaldLog.prefixLength { send(.stderr, stderrLine, partial: true) }
    }

    /// Layout of `iov`: MESSAGE, PRIORITY, the shared fields, then the
    /// partial flag when it applies.
    private func send(_ stream: Stream, _ line: LineBuffer, partial: Bool) {
        iov[0] = iovec(iov_base: UnsafeMutableRawPointer(line.bytes), iov_len: line.count)
        iov[1] = stream == .stdout ? stdoutPriority : stderrPriority
        var n = 2 + fields.count
        if partial {
            iov[n] = partialFlag
            n += 1
        }
        let rc = cshim_journal_sendv(iov, Int32(n))
        if rc < 0 { Diagnostics.debug("sd_journal_sendv failed: \(Sys.errnoName(-rc))") }
        line.count = JournaldLog.prefixLength
    }
}

/// A fixed byte buffer with a fill level.
final class LineBuffer {
    let bytes: UnsafeMutablePointer<UInt8>
    let capacity: Int
    var count = 0

    init(capacity: Int) {
        self.capacity = capacity
        bytes = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
    }
}
