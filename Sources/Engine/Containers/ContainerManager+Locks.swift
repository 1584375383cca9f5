extension ContainerManager {
    /// Removes the lock files of containers that have no record: what a
    /// berth killed between removing a record and its lock file left in the
    /// run root. A lock held by anyone is left alone (a create or remove is
    /// under way); a waiter on a removed file retakes the one at its path.
    package func removeOrphanLocks() throws {
        let directory = store.runRoot + "/locks"
        let ids = Set(try store.containers.list().map(\.id))
        for file in FileSystem.list(directory) where file.hasPrefix("container-") && file.hasSuffix(".lock") {
            let id = String(file.dropFirst("container-".count).dropLast(".lock".count))
            guard !ids.contains(id) else { continue }
            let lock = try store.objectLock("container-" + id)
            guard try lock.tryLock() else { continue }
            defer { lock.unlock() }
            // Checked again under the lock: a create may have recorded it meanwhile.
            if try store.containers.list().contains(where: { $0.id == id }) { continue }
            try lock.removeFile()
        }
    }
}
