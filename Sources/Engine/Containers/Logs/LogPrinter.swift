#if canImport(Glibc)
import Glibc
#endif

/// Writes log records to stdout and stderr as stored, in their order, with
/// the time first if asked (`--timestamps`), and `prefix` before each line
/// (Podman names the container so when logging several). Output is
/// buffered per stream and flushed when the stream changes, when full, and
/// by `flush()`.
package final class LogPrinter {
    private let timestamps: Bool
    /// Written at the start of each line: the container's name or short ID
    /// and a space, or nothing. Set for each container: its lines start anew.
    package var prefix: [UInt8] = [] { didSet { midLine = [false, false] } }
    /// Whether the last record on stdout, stderr ended inside a line.
    private var midLine = [false, false]
    private let capacity = 1 << 18
    private let buffer: UnsafeMutableRawPointer
    private var count = 0
    private var fd: Int32 = 1
    /// A write failed (the reader went away): the rest is dropped.
    private var closed = false

    package init(timestamps: Bool) {
        self.timestamps = timestamps
        buffer = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
    }

    deinit { buffer.deallocate() }

    package func print(_ record: LogRecord) {
        let target: Int32 = record.stderr ? 2 : 1
        if target != fd { flush(); fd = target }
        let stream = record.stderr ? 1 : 0
        if !midLine[stream] { prefix.withUnsafeBytes { append($0) } }
        midLine[stream] = record.partial
        if timestamps {
            if record.journalTime != nil {
                Array(Timestamp.rfc3339(record.seconds).utf8).withUnsafeBytes { append($0) }
            } else {
                append(record.storedTime)
            }
            append(byte: 32)
        }
        append(record.content)
        if !record.partial { append(byte: 10) }
    }

    package func flush() {
        writeAll(UnsafeRawBufferPointer(start: buffer, count: count))
        count = 0
    }

    private func append(_ bytes: UnsafeRawBufferPointer) {
        guard bytes.count > 0, let base = bytes.baseAddress else { return }
        if count + bytes.count > capacity { flush() }
        if bytes.count > capacity { writeAll(bytes); return }
        (buffer + count).copyMemory(from: base, byteCount: bytes.count)
        count += bytes.count
    }

    private func append(byte: UInt8) {
        if count == capacity { flush() }
        buffer.storeBytes(of: byte, toByteOffset: count, as: UInt8.self)
        count += 1
    }

    private func writeAll(_ bytes: UnsafeRawBufferPointer) {
        guard !closed, let base = bytes.baseAddress else { return }
        var offset = 0
        while offset < bytes.count {
            let n = write(fd, base + offset, bytes.count - offset)
            if n < 0 && errno == EINTR { continue }
            if n <= 0 { closed = true; return }
            offset += n
        }
    }
}
