#if canImport(Glibc)
import Glibc
#endif

/// Paths of the image being built, found below its root on the host: each
/// component walked, symlinks followed as the container would follow them
/// (an absolute target restarts at the root), so a link in an image never
/// sends a COPY outside the root.
enum RootPath {
    /// The host path of `path`; missing directories are created (`mode`,
    /// owned by `owner`) when `create`, else the rest is appended unresolved.
    static func resolve(_ path: String, in root: String, create: Bool, mode: mode_t = 0o755,
                        owner: (uid_t, gid_t) = (0, 0)) throws -> String {
        var pending = path.split(separator: "/").map(String.init)
        var resolved: [String] = []
        var links = 0
        while !pending.isEmpty {
            let part = pending.removeFirst()
            if part == "." || part.isEmpty { continue }
            if part == ".." { _ = resolved.popLast(); continue }
            let candidate = root + "/" + (resolved + [part]).joined(separator: "/")
            var info = stat()
            if lstat(candidate, &info) != 0 {
                guard errno == ENOENT else { throw EngineError.system("lstat \(candidate)", errno) }
                guard create else { return root + "/" + (resolved + [part] + pending).joined(separator: "/") }
                if mkdir(candidate, mode) != 0 { throw EngineError.system("mkdir \(candidate)", errno) }
                chmod(candidate, mode)
                lchown(candidate, owner.0, owner.1)
                resolved.append(part)
                continue
            }
            if (info.st_mode & S_IFMT) == S_IFLNK {
                links += 1
                if links > 40 { throw EngineError.system("resolve \(path)", ELOOP) }
                var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
                let n = readlink(candidate, &buffer, buffer.count - 1)
                guard n >= 0 else { throw EngineError.system("readlink \(candidate)", errno) }
                let target = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
                if target.hasPrefix("/") { resolved = [] }
                pending = target.split(separator: "/").map(String.init) + pending
                continue
            }
            if !pending.isEmpty && (info.st_mode & S_IFMT) != S_IFDIR {
                throw EngineError.invalid("\(path): \("/" + (resolved + [part]).joined(separator: "/")) is not a directory")
            }
            resolved.append(part)
        }
        return root + (resolved.isEmpty ? "" : "/" + resolved.joined(separator: "/"))
    }

    static func makeDirectories(_ path: String, in root: String, mode: mode_t) throws -> String {
        try resolve(path, in: root, create: true, mode: mode)
    }

    /// Whether `path` (symlinks followed inside the root) is a directory.
    static func isDirectory(_ path: String, in root: String) throws -> Bool {
        let host = try resolve(path, in: root, create: false)
        var info = stat()
        return lstat(host, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}
