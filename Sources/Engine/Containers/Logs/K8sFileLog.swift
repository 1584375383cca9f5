#if canImport(Glibc)
import Glibc
#endif

/// Reads a k8s-file log (`TS stream F|P content` lines) from where the last
/// read stopped. Memory holds one read chunk plus the longest unfinished
/// line; every byte is scanned once.
final class K8sFileLog {
    let path: String
    private var offset: off_t = 0
    private var storage: UnsafeMutableRawPointer
    private var capacity: Int
    /// Bytes read but not yet part of a whole line.
    private var count = 0
    /// Where the search for the next newline resumes.
    private var scanned = 0
    private static let chunk = 1 << 20

    init(path: String) {
        self.path = path
        capacity = 2 * K8sFileLog.chunk
        storage = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
    }

    deinit { storage.deallocate() }

    /// The log's size now (0 if it does not exist yet).
    var size: off_t {
        var st = stat()
        return stat(path, &st) == 0 ? st.st_size : 0
    }

    /// Whether the file holds bytes this reader has not read.
    var hasUnread: Bool { size > offset }

    /// Calls `body` for every whole record written since the last call. A
    /// log that shrank was truncated (`max-size`): reading starts over.
    func readAvailable(_ body: (LogRecord) throws -> Void) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return }
            throw EngineError.system("open log \(path)", errno)
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw EngineError.system("stat log \(path)", errno) }
        if st.st_size < offset {
            offset = 0
            count = 0
            scanned = 0
        }
        while true {
            if capacity - count < K8sFileLog.chunk {
                capacity = max(capacity * 2, count + K8sFileLog.chunk)
                let grown = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
                grown.copyMemory(from: storage, byteCount: count)
                storage.deallocate()
                storage = grown
            }
            let n = pread(fd, storage + count, K8sFileLog.chunk, offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw EngineError.system("read log \(path)", errno)
            }
            if n == 0 { return }
            offset += off_t(n)
            count += n
            try drain(body)
        }
    }

    /// Hands out the whole lines in the buffer and keeps the rest.
    private func drain(_ body: (LogRecord) throws -> Void) throws {
        var start = 0
        while scanned < count, let found = memchr(storage + scanned, 10, count - scanned) {
            let end = storage.distance(to: found)
            if let record = LogRecord.k8sFile(UnsafeRawBufferPointer(start: storage + start, count: end - start)) {
                try body(record)
            }
            start = end + 1
            scanned = start
        }
        scanned = count
        guard start > 0 else { return }
        count -= start
        scanned -= start
        memmove(storage, storage + start, count)
    }
}
