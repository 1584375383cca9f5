#if canImport(Glibc)
import Glibc
#endif
import CShim
import GRDB

extension ContainerManager {
    /// `diff`: what the container's writable layer changed, sorted by path
    /// (Podman's order). Read from the overlay upper directory: a whiteout
    /// is a deletion, a path the image lacks is an addition, a directory is
    /// changed when its metadata differs from the image's.
    public func changes(_ nameOrID: String) throws -> [ContainerChange] {
        let c = try load(nameOrID)
        guard let layer = c.record.layerId else { return [] }
        guard store.driver == .overlay else {
            throw EngineError.invalid("diff is not supported on the vfs storage driver: the container's layer is a full copy of its image")
        }
        let lowers = try store.database.read { db in try store.layers.chain(layer, db: db) }.dropFirst().map { store.layers.diffPath($0.id) }
        var walk = LayerWalk(upper: store.layers.diffPath(layer), lowers: Array(lowers))
        try walk.visit("")
        return walk.changes.sorted { $0.path.utf8.lexicographicallyPrecedes($1.path.utf8) }
    }
}

/// Walks an overlay upper directory against its lower layers.
private struct LayerWalk {
    let upper: String
    let lowers: [String]
    var changes: [ContainerChange] = []

    init(upper: String, lowers: [String]) {
        self.upper = upper
        self.lowers = lowers
    }

    mutating func visit(_ directory: String) throws {
        for name in FileSystem.list(upper + directory) {
            let path = directory + "/" + name
            let info = try lstatOrThrow(upper + path)
            if LayerWalk.isWhiteout(info) {
                changes.append(ContainerChange(kind: .deleted, path: path))
                continue
            }
            let isDirectory = (info.st_mode & S_IFMT) == S_IFDIR
            guard let below = try lowerStat(path) else {
                changes.append(ContainerChange(kind: .added, path: path))
                if isDirectory { try addAll(path) }
                continue
            }
            if !isDirectory || LayerWalk.metadataDiffers(info, below) {
                changes.append(ContainerChange(kind: .changed, path: path))
            }
            if isDirectory {
                if try isOpaque(upper + path) { try deleteHidden(path) }
                try visit(path)
            }
        }
    }

    private mutating func addAll(_ directory: String) throws {
        for name in FileSystem.list(upper + directory) {
            let path = directory + "/" + name
            changes.append(ContainerChange(kind: .added, path: path))
            if (try lstatOrThrow(upper + path).st_mode & S_IFMT) == S_IFDIR { try addAll(path) }
        }
    }

    /// An opaque directory hides everything the image had below it.
    private mutating func deleteHidden(_ directory: String) throws {
        var seen: Set<String> = []
        for lower in lowers {
            for name in FileSystem.list(lower + directory) where !seen.contains(name) {
                seen.insert(name)
                if !FileSystem.exists(upper + directory + "/" + name) {
                    changes.append(ContainerChange(kind: .deleted, path: directory + "/" + name))
                }
            }
        }
    }

    /// The path as the image has it: the topmost lower layer holding it,
    /// nil when none does or a whiteout hides it.
    private func lowerStat(_ path: String) throws -> stat? {
        for lower in lowers {
            var info = stat()
            if lstat(lower + path, &info) == 0 { return LayerWalk.isWhiteout(info) ? nil : info }
            if errno != ENOENT && errno != ENOTDIR { throw EngineError.system("lstat \(lower + path)", errno) }
        }
        return nil
    }

    private func lstatOrThrow(_ path: String) throws -> stat {
        var info = stat()
        guard lstat(path, &info) == 0 else { throw EngineError.system("lstat \(path)", errno) }
        return info
    }

    private func isOpaque(_ path: String) throws -> Bool {
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC)
        guard fd >= 0 else { throw EngineError.system("open \(path)", errno) }
        defer { close(fd) }
        var value: [UInt8] = [0, 0]
        let n = fgetxattr(fd, "trusted.overlay.opaque", &value, value.count)
        if n < 0 {
            if errno == ENODATA || errno == ENOTSUP { return false }
            throw EngineError.system("getxattr \(path) trusted.overlay.opaque", errno)
        }
        return n == 1 && value[0] == UInt8(ascii: "y")
    }

    /// overlay's whiteout: a character device 0:0.
    private static func isWhiteout(_ info: stat) -> Bool {
        (info.st_mode & S_IFMT) == S_IFCHR && info.st_rdev == 0
    }

    private static func metadataDiffers(_ a: stat, _ b: stat) -> Bool {
        a.st_mode != b.st_mode || a.st_uid != b.st_uid || a.st_gid != b.st_gid
            || a.st_mtim.tv_sec != b.st_mtim.tv_sec || a.st_mtim.tv_nsec != b.st_mtim.tv_nsec
    }
}
