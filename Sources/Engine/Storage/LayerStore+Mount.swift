#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GRDB

extension LayerStore {
    /// Prepares a writable layer over `parent` in `staging`: empty upper and
    /// work directories for overlay, a full copy of the image for vfs.
    func stageWritable(parentChain: [Digest], blobs: BlobStore, staging: StagingArea) throws -> String {
        let dir = staging.newPath("rw")
        try FileSystem.makeDirectories(dir + "/diff")
        chmod(dir + "/diff", 0o755)
        if driver == .overlay {
            try FileSystem.makeDirectories(dir + "/work")
            try FileSystem.makeDirectories(dir + "/merged")
        } else {
            try replay(parentChain.map(blobs.path), into: dir + "/diff")
        }
        return dir
    }

    /// Inside a write transaction: records and moves into place a writable
    /// layer staged by `stageWritable`.
    func commitWritable(id: String, staged: String, parent: String?, db: Database) throws {
        if try LayerRecord.fetchOne(db, key: id) != nil {
            throw EngineError(.conflict, "layer \(id) already exists")
        }
        try moveIntoPlace(staged, id: id)
        try LayerRecord(id: id, parent: parent, diffId: nil, size: 0, created: Timestamp.now(), mountCount: 0).insert(db)
    }

    /// Mounts the layer (once; later calls count) and returns where its root
    /// is. Inside a write transaction, so the count and the mount agree.
    func mount(_ id: String, db: Database) throws -> String {
        guard var layer = try LayerRecord.fetchOne(db, key: id) else { throw EngineError.notFound("layer \(id) not known") }
        let merged = mergedPath(id)
        if driver == .overlay && (layer.mountCount == 0 || !MountTable.isMountPoint(merged)) {
            let lowers = try chain(id, db: db).dropFirst().map { diffPath($0.id) }
            try FileSystem.makeDirectories(merged)
            try FileSystem.makeDirectories(path(id) + "/work")
            var options: String
            if lowers.isEmpty {
                // overlay needs a lower layer; an empty one stands in.
                try FileSystem.makeDirectories(path(id) + "/empty")
                options = "lowerdir=\(path(id))/empty,upperdir=\(diffPath(id)),workdir=\(path(id))/work"
            } else {
                options = "lowerdir=\(lowers.joined(separator: ":")),upperdir=\(diffPath(id)),workdir=\(path(id))/work"
            }
            if options.utf8.count >= 4000 {
                throw EngineError(.system, "cannot mount layer \(id): \(lowers.count) lower layers exceed the mount option size")
            }
            if Glibc.mount("overlay", merged, "overlay", 0, options) != 0 {
                throw EngineError.system("cannot mount overlay for layer \(String(id.prefix(12)))", errno)
            }
            layer.mountCount = 0
        }
        layer.mountCount += 1
        try layer.update(db)
        return merged
    }

    /// Drops one mount reference (all with `force`); unmounts at zero.
    /// Returns whether it is still mounted.
    func unmount(_ id: String, force: Bool, db: Database) throws -> Bool {
        guard var layer = try LayerRecord.fetchOne(db, key: id) else { throw EngineError.notFound("layer \(id) not known") }
        layer.mountCount = force ? 0 : max(0, layer.mountCount - 1)
        if layer.mountCount == 0 && driver == .overlay {
            try MountTable.unmount(mergedPath(id))
        }
        try layer.update(db)
        return layer.mountCount > 0
    }

    /// Diff ids from the base up to `top`, for replaying on vfs.
    func diffChain(_ top: String?, db: Database) throws -> [Digest] {
        guard let top else { return [] }
        return try chain(top, db: db).reversed().compactMap { $0.diffId.flatMap { try? Digest(parsing: $0) } }
    }
}
