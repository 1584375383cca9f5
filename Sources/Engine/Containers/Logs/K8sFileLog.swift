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

    /// Reads on from `start` (a record's first byte) instead of from where the last read stopped.
    func seek(to start: off_t) {
        offset = start
        count = 0
        scanned = 0
    }

    /// Where to start reading for `--tail lines`: the first byte after the
    /// last complete line that is not among the last `lines` ones `admits`
    /// lets through (0 if there are not that many). The file is scanned
    /// from its end, holding a chunk and the record being read.
    func tailStart(lines: Int, admits: (LogRecord) -> Bool) throws -> off_t {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return 0 }
            throw EngineError.system("open log \(path)", errno)
        }
        defer { close(fd) }
        var st = stat()
        guard fstat(fd, &st) == 0 else { throw EngineError.system("stat log \(path)", errno) }
        // `bytes` holds the file's bytes from `low` on; newlines are looked for before `scanEnd`.
        var bytes: [UInt8] = []
        var low = st.st_size
        var scanEnd = st.st_size
        // Just past the newline that ends the record being looked at (nil until the last newline is found).
        var recordEnd: off_t?
        var complete = 0
        while true {
            let newline: off_t? = bytes.withUnsafeBytes { buffer in
                var i = Int(scanEnd - low)
                while i > 0 {
                    i -= 1
                    if buffer[i] == 10 { return low + off_t(i) }
                }
                return nil
            }
            guard newline != nil || low == 0 else {
                // Read the chunk before, keeping only the bytes of the record being looked at.
                let keep = Int((recordEnd ?? st.st_size) - low)
                let newLow = max(0, low - off_t(K8sFileLog.chunk))
                var earlier = [UInt8](repeating: 0, count: Int(low - newLow))
                var filled = 0
                while filled < earlier.count {
                    let n = earlier.withUnsafeMutableBytes { pread(fd, $0.baseAddress! + filled, $0.count - filled, newLow + off_t(filled)) }
                    if n < 0 && errno == EINTR { continue }
                    if n < 0 { throw EngineError.system("read log \(path)", errno) }
                    if n == 0 { return 0 }
                    filled += n
                }
                earlier.append(contentsOf: bytes[0..<keep])
                bytes = earlier
                low = newLow
                continue
            }
            let recordStart = newline.map { $0 + 1 } ?? 0
            if let end = recordEnd {
                let record = bytes.withUnsafeBytes { buffer in
                    LogRecord.k8sFile(UnsafeRawBufferPointer(rebasing: buffer[Int(recordStart - low)..<Int(end - 1 - low)]))
                }
                if let record, !record.partial, admits(record) {
                    if complete == lines { return end }
                    complete += 1
                }
            }
            guard let newline else { return 0 }
            recordEnd = newline + 1
            scanEnd = newline
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
