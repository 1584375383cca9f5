#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Small, symlink-safe file operations on paths the store owns.
package enum FileSystem {
    package static func exists(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0
    }

    static func isDirectory(_ path: String) -> Bool {
        var st = stat()
        return lstat(path, &st) == 0 && (st.st_mode & S_IFMT) == S_IFDIR
    }

    /// `mkdir -p` with `mode` for every directory it creates.
    static func makeDirectories(_ path: String, mode: mode_t = 0o700) throws {
        if mkdir(path, mode) == 0 || errno == EEXIST {
            if isDirectory(path) { return }
            if errno == EEXIST || exists(path) {
                throw EngineError.system("mkdir \(path)", ENOTDIR)
            }
        }
        if errno != ENOENT { throw EngineError.system("mkdir \(path)", errno) }
        let parent = (path as NSString).deletingLastPathComponent
        if parent.isEmpty || parent == path { throw EngineError.system("mkdir \(path)", ENOENT) }
        try makeDirectories(parent, mode: mode)
        if mkdir(path, mode) != 0 && errno != EEXIST { throw EngineError.system("mkdir \(path)", errno) }
    }

    static func list(_ path: String) -> [String] {
        guard let dir = opendir(path) else { return [] }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    /// Removes `path` and everything below it without following symlinks.
    /// A missing path is not an error.
    static func removeTree(_ path: String) throws {
        if unlink(path) == 0 || errno == ENOENT { return }
        if errno != EISDIR && errno != EPERM {
            throw EngineError.system("remove \(path)", errno)
        }
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return }
            throw EngineError.system("open \(path)", errno)
        }
        try removeContents(fd, path: path)
        close(fd)
        if rmdir(path) != 0 && errno != ENOENT { throw EngineError.system("remove \(path)", errno) }
    }

    /// Empties the directory open at `fd` (which stays open).
    static func removeContents(_ fd: Int32, path: String, keep: (String) -> Bool = { _ in false }) throws {
        let dupfd = dup(fd)
        guard dupfd >= 0, let dir = fdopendir(dupfd) else { throw EngineError.system("opendir \(path)", errno) }
        defer { closedir(dir) }
        var names: [String] = []
        while let entry = readdir(dir) {
            let name = withUnsafePointer(to: entry.pointee.d_name) {
                $0.withMemoryRebound(to: CChar.self, capacity: 256) { String(cString: $0) }
            }
            if name != "." && name != ".." && !keep(name) { names.append(name) }
        }
        for name in names {
            try removeEntry(at: fd, name: name, path: path + "/" + name)
        }
    }

    /// Removes `name` inside the directory `dirfd`, recursively.
    static func removeEntry(at dirfd: Int32, name: String, path: String) throws {
        if unlinkat(dirfd, name, 0) == 0 || errno == ENOENT { return }
        guard errno == EISDIR || errno == EPERM else { throw EngineError.system("remove \(path)", errno) }
        let child = openat(dirfd, name, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        if child < 0 {
            if errno == ENOENT { return }
            throw EngineError.system("open \(path)", errno)
        }
        try removeContents(child, path: path)
        close(child)
        if unlinkat(dirfd, name, AT_REMOVEDIR) != 0 && errno != ENOENT {
            throw EngineError.system("remove \(path)", errno)
        }
    }

    package static func readFile(_ path: String) throws -> Data {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw EngineError.system("open \(path)", errno) }
        defer { close(fd) }
        return try readAll(fd, path: path)
    }

    /// The file's bytes, or nil if it does not exist (any other failure is thrown).
    package static func readFileIfPresent(_ path: String) throws -> Data? {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw EngineError.system("open \(path)", errno)
        }
        defer { close(fd) }
        return try readAll(fd, path: path)
    }

    /// Reads to the end, or until `limit` bytes are read.
    static func readAll(_ fd: Int32, path: String, limit: Int = .max) throws -> Data {
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while data.count < limit {
            let n = buffer.withUnsafeMutableBytes { read(fd, $0.baseAddress, min($0.count, limit - data.count)) }
            if n < 0 {
                if errno == EINTR { continue }
                throw EngineError.system("read \(path)", errno)
            }
            if n == 0 { break }
            data.append(contentsOf: buffer[0..<n])
        }
        return data
    }

    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws {
        var offset = 0
        while offset < bytes.count {
            let n = write(fd, bytes.baseAddress! + offset, bytes.count - offset)
            if n < 0 {
                if errno == EINTR { continue }
                throw EngineError.system("write \(path)", errno)
            }
            offset += n
        }
    }

    /// Writes `data` to a temporary name beside `path`, then renames it, so
    /// readers see the old file or the new one, never half of one.
    package static func writeFileAtomically(_ path: String, _ data: Data, mode: mode_t = 0o644) throws {
        let temp = path + ".tmp-\(getpid())-\(randomHex(4))"
        let fd = open(temp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, mode)
        if fd < 0 { throw EngineError.system("create \(temp)", errno) }
        do {
            try data.withUnsafeBytes { try writeAll(fd, $0, path: temp) }
            close(fd)
        } catch {
            close(fd)
            unlink(temp)
            throw error
        }
        if rename(temp, path) != 0 {
            let e = errno
            unlink(temp)
            throw EngineError.system("rename \(temp)", e)
        }
    }

    static func randomHex(_ bytes: Int) -> String {
        var rng = SystemRandomNumberGenerator()
        var out = ""
        out.reserveCapacity(bytes * 2)
        let digits = Array("0123456789abcdef")
        for _ in 0..<bytes {
            let b = UInt8.random(in: 0...255, using: &rng)
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 15)])
        }
        return out
    }

    /// Bytes in the files below `path` (apparent sizes, hard links once);
    /// 0 when it does not exist.
    static func treeSize(_ path: String) throws -> Int64 {
        var seen = Set<[UInt64]>()
        var total: Int64 = 0
        func walk(_ path: String) throws {
            var st = stat()
            if lstat(path, &st) != 0 {
                if errno == ENOENT { return }
                throw EngineError.system("stat \(path)", errno)
            }
            if (st.st_mode & S_IFMT) == S_IFDIR {
                for name in list(path) { try walk(path + "/" + name) }
                return
            }
            if st.st_nlink > 1 && !seen.insert([UInt64(st.st_dev), UInt64(st.st_ino)]).inserted { return }
            total += Int64(st.st_size)
        }
        try walk(path)
        return total
    }
}
