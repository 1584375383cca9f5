#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GRDB

extension Store {
    /// Cheap check run by every command: a full repair is needed only after a
    /// reboot (the run root's `alive` marker is gone) or when a staging
    /// directory exists whose owner is dead.
    func repairIfNeeded() throws {
        let rebooted = try !FileSystem.exists(runRoot + "/alive") || rootlessNamespaceChanged()
        if rebooted || !abandonedStagingAreas().isEmpty {
            try repair(rebooted: rebooted)
        }
    }

    /// Staging directories nobody holds a lock on.
    func abandonedStagingAreas() -> [String] {
        var abandoned: [String] = []
        for name in FileSystem.list(tmpDirectory) {
            let path = tmpDirectory + "/" + name
            guard let lock = try? FileLock(path: path, directory: FileSystem.isDirectory(path)) else {
                abandoned.append(path)
                continue
            }
            if (try? lock.tryLock(exclusive: true)) == true {
                lock.unlock()
                abandoned.append(path)
            }
        }
        return abandoned
    }

    /// Brings disk and database back into agreement. Runs inside a write
    /// transaction: every commit renames its staged files into place while
    /// holding the write lock, so nothing seen here is half-way in flight.
    public func repair(rebooted: Bool = false) throws {
        try mutate { db in
            let mounted = MountTable.mountPoints()
            let layerIds = Set(try String.fetchAll(db, sql: "SELECT id FROM layer"))

            for name in FileSystem.list(layers.directory) where !layerIds.contains(name) {
                let merged = layers.mergedPath(name)
                if mounted.contains(merged) { try? MountTable.unmount(merged) }
                try FileSystem.removeTree(layers.directory + "/" + name)
            }
            for layer in try LayerRecord.fetchAll(db) {
                let merged = layers.mergedPath(layer.id)
                let isMounted = mounted.contains(merged)
                if layer.mountCount > 0 && !isMounted {
                    try db.execute(sql: "UPDATE layer SET mountCount = 0 WHERE id = ?", arguments: [layer.id])
                } else if layer.mountCount == 0 && isMounted {
                    try MountTable.unmount(merged)
                }
            }
            if rebooted {
                try db.execute(sql: "UPDATE volume SET mountCount = 0")
            }

            var referenced = Set(try String.fetchAll(db, sql: "SELECT id FROM image"))
            for digest in try String.fetchAll(db, sql: "SELECT digest FROM image") {
                referenced.insert(String(digest.dropFirst("sha256:".count)))
            }
            for diff in try String.fetchAll(db, sql: "SELECT diffId FROM layer WHERE diffId IS NOT NULL") {
                referenced.insert(String(diff.dropFirst("sha256:".count)))
            }
            for name in FileSystem.list(blobs.directory) where !referenced.contains(name) {
                unlink(blobs.directory + "/" + name)
            }

            for path in abandonedStagingAreas() {
                // A killed process may have left something mounted there.
                for point in mounted.filter({ $0.hasPrefix(path + "/") }).sorted(by: >) {
                    try MountTable.unmount(point)
                }
                try FileSystem.removeTree(path)
            }
        }
        if rebooted {
            try FileSystem.makeDirectories(runRoot)
            try FileSystem.writeFileAtomically(runRoot + "/alive", Data(FileSystem.randomHex(16).utf8), mode: 0o600)
            if Rootless.isActive {
                try FileSystem.writeFileAtomically(runRoot + "/alive-userns", Data(Rootless.namespaceIdentity.utf8), mode: 0o600)
            }
        }
    }

    /// Rootless: the mounts live in the pause process's mount namespace, so
    /// a new namespace (the pause process was killed, or the user logged
    /// out) is a reboot for the store.
    private func rootlessNamespaceChanged() throws -> Bool {
        guard Rootless.isActive else { return false }
        let recorded = try FileSystem.readFileIfPresent(runRoot + "/alive-userns")
        return recorded.map { String(decoding: $0, as: UTF8.self) } != Rootless.namespaceIdentity
    }

    /// Names this boot of the run root (the `alive` marker's content, new at
    /// every reboot; empty for markers written before it had any): resources
    /// recorded under another marker were taken before the last reboot.
    public func bootMarker() throws -> String {
        String(decoding: try FileSystem.readFileIfPresent(runRoot + "/alive") ?? Data(), as: UTF8.self)
    }
}
