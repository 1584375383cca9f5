import CShim

/// The CRI ("k8s-file") log format: `TIMESTAMP STREAM F|P CONTENT\n`, one
/// timestamp per chunk read, `P` for a fragment that does not end a line.
final class K8sFileLog {
    private let path: String
    private let maxSize: Int
    private var fd: Int32
    private var size = 0
    private var timestamp = TimestampFormatter()
    private let stamp = UnsafeMutablePointer<UInt8>.allocate(capacity: TimestampFormatter.length)
    /// Records are gathered here and written with one write(2) per batch of
    /// chunks (see `flush`).
    private let out: UnsafeMutablePointer<UInt8>
    private let capacity = 64 * 1024
    private var used = 0

    init?(path: String, maxSize: Int) {
        self.path = path
        self.maxSize = maxSize
        fd = Sys.open(path, O_WRONLY | O_CREAT | O_APPEND, 0o640)
        if fd < 0 { return nil }
        out = UnsafeMutablePointer<UInt8>.allocate(capacity: capacity)
        size = Int(lseek(fd, 0, SEEK_END))
    }

    func write(_ stream: Stream, _ data: UnsafePointer<UInt8>, _ count: Int) {
        timestamp.write(into: stamp)
        let name: StaticString = stream == .stdout ? "stdout" : "stderr"
        var start = 0
        while start < count {
            let rest = count - start
            let nl = memchr(data + start, 10, rest)
            let lineLength: Int
            let complete: Bool
            if let nl {
                lineLength = UnsafeRawPointer(nl) - UnsafeRawPointer(data + start)
                complete = true
            } else {
                lineLength = rest
                complete = false
            }
            append(name, complete, data + start, lineLength)
            start += lineLength + (complete ? 1 : 0)
        }
    }

    private func append(_ name: StaticString, _ complete: Bool, _ line: UnsafePointer<UInt8>, _ length: Int) {
        // A record is at most one chunk (8 KiB) plus 46 bytes, so it always
        // fits once the buffer has been flushed.
        let recordLength = TimestampFormatter.length + 10 + length + 1
        if used + recordLength > capacity { flush() }
        var p = out + used
        _ = memcpy(p, stamp, TimestampFormatter.length)
        p += TimestampFormatter.length
        p[0] = 32
        p += 1
        _ = memcpy(p, name.utf8Start, 6)
        p += 6
        p[0] = 32
        p[1] = complete ? UInt8(ascii: "F") : UInt8(ascii: "P")
        p[2] = 32
        p += 3
        _ = memcpy(p, line, length)
        p += length
        p[0] = 10
        used += recordLength
    }

    /// Writes out the gathered records; called after every batch of reads.
    func flush() {
        guard used > 0 else { return }
        if maxSize > 0 && size + used > maxSize && size > 0 {
            truncate()
        }
        writeOut(out, used)
        used = 0
    }

    private func writeOut(_ bytes: UnsafePointer<UInt8>, _ count: Int) {
        if Sys.writeAll(fd, bytes, count) {
            size += count
        } else {
            Diagnostics.warn("cannot write log file \(path): \(Sys.errnoName(Sys.errno))")
        }
    }

    /// --log-size-max reached: start the file over, atomically.
    private func truncate() {
        let tmp = path + ".tmp"
        let newFd = Sys.open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_APPEND, 0o640)
        guard newFd >= 0 else { return }
        if tmp.withCString({ t in path.withCString { rename(t, $0) } }) != 0 {
            Sys.close(newFd)
            return
        }
        Sys.close(fd)
        fd = newFd
        size = 0
    }

    func reopen() {
        flush()
        let newFd = Sys.open(path, O_WRONLY | O_CREAT | O_APPEND, 0o640)
        guard newFd >= 0 else {
            Diagnostics.warn("cannot reopen log file \(path): \(Sys.errnoName(Sys.errno))")
            return
        }
        _ = fsync(fd)
        Sys.close(fd)
        fd = newFd
        size = Int(lseek(fd, 0, SEEK_END))
    }

    func finish() {
        flush()
        _ = fsync(fd)
    }
}
