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
    /// final symlink is the result itself.
    static func resolve(_ path: String, in root: String, followLast: Bool = true) -> Result<String, LookupError> {
        var pending = path.split(separator: "/").map(String.init)
        var resolved: [String] = []
        var links = 0
        while !pending.isEmpty {
            let part = pending.removeFirst()
            if part == "." { continue }
            if part == ".." { _ = resolved.popLast(); continue }
            let candidate = root + "/" + (resolved + [part]).joined(separator: "/")
            var info = stat()
            guard lstat(candidate, &info) == 0 else { return .failure(LookupError(errno)) }
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
}
