#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// The few file operations the generator needs, straight on libc: it runs at
/// boot, so it stays off Foundation and writes each output with one call.
enum FileSystem {
    struct Failure: Error, CustomStringConvertible {
        var action: String
        var path: String
        var code: Int32

        var description: String { "\(action) \(path): \(String(cString: strerror(code)))" }
    }

    static func readFile(_ path: String) throws(Failure) -> String {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { throw Failure(action: "open", path: path, code: errno) }
        defer { close(fd) }
        return try readAll(fd, path: path)
    }

    /// The rest of `fd` (opened from `path`) as text.
    static func readAll(_ fd: Int32, path: String) throws(Failure) -> String {
        // Unit files are small: one read into a stack buffer usually does it.
        var text = ""
        var failure: Int32?
        withUnsafeTemporaryAllocation(byteCount: 65536, alignment: 1) { buffer in
            while true {
                let count = read(fd, buffer.baseAddress, buffer.count)
                if count < 0 {
                    if errno == EINTR { continue }
                    failure = errno
                    return
                }
                text += String(decoding: UnsafeRawBufferPointer(rebasing: buffer[0..<count]), as: UTF8.self)
                // A short read of a regular file is its end: saves a read per file.
                if count < buffer.count { return }
            }
        }
        if let failure { throw Failure(action: "read", path: path, code: failure) }
        return text
    }

    /// Writes all of `bytes`; the errno of a failed write, or nil.
    static func writeAll(_ fd: Int32, _ bytes: [UInt8]) -> Int32? {
        bytes.withUnsafeBufferPointer { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(fd, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    return errno
                }
                offset += written
            }
            return nil
        }
    }

    /// What a directory entry is, links not followed: walking the search
    /// path must not follow a link into a loop.
    enum EntryType { case file, directory, symlink, other }

    /// Entries of a directory of the types `including` accepts, sorted by
    /// name; nil when it does not exist.
    static func listDirectory(_ path: String, including: (EntryType) -> Bool = { _ in true }) throws(Failure) -> [(name: String, type: EntryType)]? {
        guard let dir = opendir(path) else {
            if errno == ENOENT || errno == ENOTDIR { return nil }
            throw Failure(action: "read directory", path: path, code: errno)
        }
        defer { closedir(dir) }
        var entries: [(String, EntryType)] = []
        while let entry = readdir(dir) {
            let name = { withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(cString: raw.baseAddress!.assumingMemoryBound(to: CChar.self))
            } }
            let type: EntryType
            switch Int32(entry.pointee.d_type) {
            case Int32(DT_DIR): type = .directory
            case Int32(DT_REG): type = .file
            case Int32(DT_LNK): type = .symlink
            case Int32(DT_UNKNOWN): type = kind(of: path + "/" + name(), followingLinks: false)
            default: type = .other
            }
            guard including(type) else { continue }
            let entryName = name()
            if entryName == "." || entryName == ".." { continue }
            entries.append((entryName, type))
        }
        // Byte order, as Go's sort.Strings gives Quadlet.
        return entries.sorted { a, b in a.0.withCString { x in b.0.withCString { y in strcmp(x, y) < 0 } } }
    }

    static func kind(of path: String, followingLinks: Bool = true) -> EntryType {
        var info = stat()
        guard (followingLinks ? stat(path, &info) : lstat(path, &info)) == 0 else { return .other }
        switch info.st_mode & S_IFMT {
        case S_IFDIR: return .directory
        case S_IFREG: return .file
        case S_IFLNK: return .symlink
        default: return .other
        }
    }

    static func exists(_ path: String) -> Bool {
        access(path, F_OK) == 0
    }

    static func isDirectory(_ path: String) -> Bool {
        kind(of: path) == .directory
    }

    /// The path with symlinks resolved, or nil when it does not exist.
    static func resolve(_ path: String) -> String? {
        guard let resolved = realpath(path, nil) else { return nil }
        defer { free(resolved) }
        return String(cString: resolved)
    }

    static func makeDirectories(_ path: String) throws(Failure) {
        if isDirectory(path) { return }
        let parent = Paths.directory(of: path)
        if parent != path, !parent.isEmpty { try makeDirectories(parent) }
        if mkdir(path, 0o755) != 0 && errno != EEXIST {
            throw Failure(action: "create directory", path: path, code: errno)
        }
    }

    static func currentUID() -> UInt32 { getuid() }

    static func environment(_ name: String) -> String? {
        guard let value = getenv(name) else { return nil }
        return String(cString: value)
    }

    /// `$HOME`, else this user's entry in /etc/passwd (read directly: the
    /// generator is linked statically, where glibc's NSS lookups are not).
    static func homeDirectory() -> String? {
        if let home = environment("HOME"), !home.isEmpty { return home }
        guard let passwd = try? readFile("/etc/passwd") else { return nil }
        let uid = String(getuid())
        for line in passwd.split(separator: "\n") {
            let fields = line.split(separator: ":", omittingEmptySubsequences: false)
            if fields.count >= 6, fields[2] == uid { return String(fields[5]) }
        }
        return nil
    }

    static func processID() -> Int32 { getpid() }

    static func writeStandardOutput(_ text: String) {
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = write(1, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return }
                offset += written
            }
        }
    }
}

/// Messages to stderr without touching C's shared `FILE*` streams.
public enum StandardError {
    public static func write(_ text: String) {
        var text = text
        text.withUTF8 { buffer in
            var offset = 0
            while offset < buffer.count {
                let written = Glibc.write(2, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 && errno == EINTR { continue }
                if written <= 0 { return }
                offset += written
            }
        }
    }
}
