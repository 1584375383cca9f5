#if canImport(Glibc)
import Glibc
#endif
import GRDB

/// Files and blobs to take out of the store once the transaction that
/// stopped referencing them has committed.
final class Removals {
    var paths: [String] = []
    var blobs: [Digest] = []
}

extension Store {
    /// A write transaction that moves files into the store, with the
    /// store's file lock held so no other process moves files meanwhile.
    func mutate<T>(_ body: (Database) throws -> T) throws -> T {
        try withFilesLock { try database.write(body) }
    }

    /// A write transaction that takes files out of the store.
    ///
    /// The file lock is held across the transaction and the removals that
    /// follow its commit. Files are removed only after the commit: a process
    /// killed before it leaves the old state whole; one killed after it
    /// leaves unreferenced files, which the next command's repair collects
    /// (the staging directory used as trash is still there to say so).
    /// Removed directories are renamed into that trash, which is deleted
    /// after the lock is released.
    func mutateRemoving<T>(_ body: (Database, Removals) throws -> T) throws -> T {
        let trash = try beginStaging()
        defer { trash.finish() }
        return try withFilesLock {
            let removals = Removals()
            let result = try database.write { db in try body(db, removals) }
            for path in removals.paths where rename(path, trash.newPath("removed")) != 0 && errno != ENOENT {
                throw EngineError.system("remove \(path)", errno)
            }
            for blob in removals.blobs { blobs.remove(blob) }
            return result
        }
    }

    private func withFilesLock<T>(_ body: () throws -> T) throws -> T {
        let lock = try FileLock(path: root + "/files.lock")
        try lock.lock(exclusive: true)
        defer { lock.unlock() }
        return try body()
    }
}
