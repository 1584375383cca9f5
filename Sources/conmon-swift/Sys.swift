import CShim

/// Thin, EINTR-safe wrappers over the syscalls the monitor uses.
enum Sys {
    static var errno: Int32 { cshim_errno() }

    static func errnoName(_ code: Int32) -> String {
        guard let text = strerror(code) else { return "errno \(code)" }
        return String(cString: text)
    }

    /// Writes all bytes to a blocking fd, retrying EINTR and short writes.
    @discardableResult
    static func writeAll(_ fd: Int32, _ base: UnsafeRawPointer, _ count: Int) -> Bool {
        var done = 0
        while done < count {
            let n = write(fd, base + done, count - done)
            if n < 0 {
                if errno == EINTR { continue }
                return false
            }
            done += n
        }
        return true
    }

    @discardableResult
    static func writeAll(_ fd: Int32, _ text: String) -> Bool {
        var copy = text
        return copy.withUTF8 { writeAll(fd, $0.baseAddress!, $0.count) }
    }

    static func close(_ fd: Int32) {
        if fd >= 0 { _ = CShim.close(fd) }
    }

    static func open(_ path: String, _ flags: Int32, _ mode: UInt32 = 0o644) -> Int32 {
        while true {
            let fd = path.withCString { cshim_open($0, flags | O_CLOEXEC, mode) }
            if fd < 0 && errno == EINTR { continue }
            return fd
        }
    }

    static func read(_ fd: Int32, _ buffer: UnsafeMutableRawPointer, _ count: Int) -> Int {
        while true {
            let n = CShim.read(fd, buffer, count)
            if n < 0 && errno == EINTR { continue }
            return n
        }
    }

    /// Reads a whole small file (at most `limit` bytes).
    static func readFile(_ path: String, limit: Int = 4096) -> [UInt8]? {
        let fd = open(path, O_RDONLY)
        if fd < 0 { return nil }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: limit)
        var total = 0
        while total < limit {
            let n = bytes.withUnsafeMutableBytes { read(fd, $0.baseAddress! + total, limit - total) }
            if n <= 0 { break }
            total += n
        }
        bytes.removeLast(limit - total)
        return bytes
    }

    /// Writes `contents` to `path` through a temporary file and rename, so a
    /// reader never sees a half-written file. (No fsync: these are run-time
    /// files that do not outlive a reboot.)
    @discardableResult
    static func writeFileAtomically(_ path: String, _ contents: String) -> Bool {
        let tmp = path + ".tmp"
        let fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        if fd < 0 { return false }
        let ok = writeAll(fd, contents)
        close(fd)
        if ok && tmp.withCString({ t in path.withCString { rename(t, $0) } }) == 0 { return true }
        _ = tmp.withCString { unlink($0) }
        return false
    }

    static func nonBlocking(_ fd: Int32) { _ = cshim_set_nonblocking(fd) }

    static func setCloseOnExec(_ fd: Int32) {
        let flags = cshim_fcntl_int(fd, F_GETFD, 0)
        if flags >= 0 { _ = cshim_fcntl_int(fd, F_SETFD, flags | FD_CLOEXEC) }
    }

    static func env(_ name: String) -> String? {
        guard let value = name.withCString({ cshim_getenv($0) }) else { return nil }
        return String(cString: value)
    }

    static func isExecutable(_ path: String) -> Bool {
        path.withCString { access($0, X_OK) } == 0
    }

    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return path.withCString { stat($0, &st) } == 0 && (st.st_mode & UInt32(S_IFMT)) == UInt32(S_IFDIR)
    }

    static func pipe(nonBlockingRead: Bool = true) -> (read: Int32, write: Int32)? {
        var fds: (Int32, Int32) = (-1, -1)
        let rc = withUnsafeMutableBytes(of: &fds) { pipe2($0.baseAddress!.assumingMemoryBound(to: Int32.self), O_CLOEXEC) }
        if rc < 0 { return nil }
        if nonBlockingRead { nonBlocking(fds.0) }
        return (fds.0, fds.1)
    }
}

/// Parses a decimal integer (optionally signed) from ASCII text.
func parseInt(_ text: String) -> Int? {
    var value = 0
    var negative = false
    var digits = 0
    for (i, c) in text.utf8.enumerated() {
        if i == 0 && c == UInt8(ascii: "-") { negative = true; continue }
        if c == UInt8(ascii: "\n") || c == UInt8(ascii: " ") { break }
        guard c >= 48 && c <= 57 else { return nil }
        value = value &* 10 &+ Int(c - 48)
        digits += 1
        if digits > 18 { return nil }
    }
    if digits == 0 { return nil }
    return negative ? -value : value
}

func parseInt(_ bytes: [UInt8]) -> Int? {
    parseInt(String(decoding: bytes, as: UTF8.self))
}
