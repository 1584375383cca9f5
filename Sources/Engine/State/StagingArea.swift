#if canImport(Glibc)
import Glibc
#endif

/// A private directory under the store's `tmp/` where one process builds
/// things (unpacked layers, blobs) before committing them with a rename.
/// Its owner holds a `flock` on it; a staging directory nobody holds a lock
/// on was left by a killed process, and the next command removes it.
public final class StagingArea {
    public let path: String
    private let lock: FileLock
    private var finished = false

    init(store: Store) throws {
        path = store.tmpDirectory + "/op-" + FileSystem.randomHex(12)
        if mkdir(path, 0o700) != 0 { throw EngineError.system("mkdir \(path)", errno) }
        lock = try FileLock(path: path, directory: true)
        try lock.lock(exclusive: true)
    }

    /// A fresh path inside the staging directory.
    public func newPath(_ hint: String) -> String {
        path + "/" + hint + "-" + FileSystem.randomHex(6)
    }

    /// Removes the staging directory and everything still in it.
    public func finish() {
        guard !finished else { return }
        finished = true
        try? FileSystem.removeTree(path)
        lock.unlock()
    }

    deinit { finish() }
}

extension Store {
    /// Created and locked inside a write transaction, so a concurrent repair
    /// (which also runs in one) never mistakes it for an abandoned one.
    public func beginStaging() throws -> StagingArea {
        try database.write { _ in try StagingArea(store: self) }
    }
}
