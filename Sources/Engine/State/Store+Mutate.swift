#if canImport(Glibc)
import Glibc
#endif
import GRDB

/// Files and blobs to take out of the store once the transaction that
/// stopped referencing them has committed.
public final class Removals {
    var paths: [String] = []
    var blobs: [Digest] = []
}

extension Store {
    /// A write transaction that moves files into or out of the store.
    ///
    /// The store's file lock is held across the transaction and the removals
    /// that follow its commit, so no other process moves files in between.
    /// Files are removed only after the commit: a process killed before it
    /// leaves the old state whole; one killed after it leaves unreferenced
    /// files, which the next command's repair collects (its staging
    /// directory is still there to say so). Removed directories go to
    /// `trash` when given (deleted when it finishes, outside the lock).
    func mutate<T>(trash: StagingArea? = nil, _ body: (Database, Removals) throws -> T) throws -> T {
        let lock = try FileLock(path: root + "/files.lock")
        try lock.lock(exclusive: true)
        defer { lock.unlock() }
        let removals = Removals()
        let result = try database.write { db in try body(db, removals) }
        for path in removals.paths {
            if let trash {
                if rename(path, trash.newPath("removed")) != 0 && errno != ENOENT {
                    throw EngineError.system("remove \(path)", errno)
                }
            } else {
                try FileSystem.removeTree(path)
            }
        }
        for blob in removals.blobs { blobs.remove(blob) }
        return result
    }
}
