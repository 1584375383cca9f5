#if canImport(Glibc)
import Glibc
#endif

/// A path of a container, found on the host below the container's root:
/// walked component by component, symlinks followed as the container would
/// follow them (an absolute target restarts at the container's root, never
/// the host's).
enum PathInRoot {
    /// The errno of the lookup step that failed.
    struct LookupError: Error, Equatable {
        var code: Int32
        init(_ code: Int32) { self.code = code }
    }

    /// The host path of `path` under `root`; with `followLast: false` a
    /// final symlink is the result itself. With `createMode`, a missing
    /// directory is made (that mode, owned by root) instead of failing.
    static func resolve(_ path: String, in root: String, followLast: Bool = true,
                        createMode: mode_t? = nil) -> Result<String, LookupError> {
        var pending = path.split(separator: "/").map(String.init)
        var resolved: [String] = []
        var links = 0
        while !pending.isEmpty {
            let part = pending.removeFirst()
            if part == "." { continue }
            if part == ".." { _ = resolved.popLast(); continue }
            let candidate = root + "/" + (resolved + [part]).joined(separator: "/")
            var info = stat()
            guard lstat(candidate, &info) == 0 else {
                guard errno == ENOENT, let mode = createMode else { return .failure(LookupError(errno)) }
                if mkdir(candidate, mode) != 0 { return .failure(LookupError(errno)) }
                chmod(candidate, mode)
                lchown(candidate, 0, 0)
                resolved.append(part)
                continue
            }
            guard (info.st_mode & S_IFMT) == S_IFLNK, followLast || !pending.isEmpty else { resolved.append(part); continue }
            links += 1
            if links > 40 { return .failure(LookupError(ELOOP)) }
            var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
            let n = readlink(candidate, &buffer, buffer.count - 1)
            guard n >= 0 else { return .failure(LookupError(errno)) }
            let target = String(decoding: buffer[0..<n].map { UInt8(bitPattern: $0) }, as: UTF8.self)
            if target.hasPrefix("/") { resolved = [] }
            pending = target.split(separator: "/").map(String.init) + pending
        }
        return .success(root + "/" + resolved.joined(separator: "/"))
    }

    /// `path`'s host path with its missing directories made (`mode`, owned
    /// by root): where a build's COPY or WORKDIR writes.
    static func makeDirectories(_ path: String, in root: String, mode: mode_t = 0o755) throws -> String {
        switch resolve(path, in: root, createMode: mode) {
        case .success(let host): return host
        case .failure(let error) where error.code == ENOTDIR: throw EngineError.invalid("\(path): not a directory")
        case .failure(let error): throw EngineError.system("resolve \(path)", error.code)
        }
    }

    /// Whether `path` (symlinks followed inside the root) is a directory.
    static func isDirectory(_ path: String, in root: String) -> Bool {
        guard case .success(let host) = resolve(path, in: root) else { return false }
        var info = stat()
        return lstat(host, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }
}
