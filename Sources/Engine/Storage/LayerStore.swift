#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GRDB

/// A layer unpacked in a staging area, not yet visible in the store.
struct StagedLayer {
    var directory: String
    var blobPath: String
    var unpacked: UnpackedLayer
    var parent: String?
    var id: String { Digest.chainID(parent: parent.flatMap { try? Digest(hex: $0) }, diffID: unpacked.diffID).hex }
}

/// Layer directories of one storage driver: `<driver>/<id>/diff` holds the
/// layer (overlay: its own changes; vfs: the whole tree), and for a
/// container's writable layer `work/` and `merged/` next to it.
public struct LayerStore: Sendable {
    public let directory: String
    public let driver: StorageDriver

    public func path(_ id: String) -> String { directory + "/" + id }
    public func diffPath(_ id: String) -> String { directory + "/" + id + "/diff" }
    public func mergedPath(_ id: String) -> String {
        driver == .overlay ? directory + "/" + id + "/merged" : diffPath(id)
    }

    /// Unpacks the tar on `input` into `staging`, on top of `parentChain`
    /// (the parents' layer tar files from the base up; the vfs driver needs
    /// their content replayed, overlay only stacks directories).
    func stage(input: Int32, parent: String?, parentChain: [String], blobs: BlobStore, staging: StagingArea, what: String) throws -> StagedLayer {
        let dir = staging.newPath("layer")
        try FileSystem.makeDirectories(dir + "/diff")
        chmod(dir + "/diff", 0o755)
        if driver == .vfs {
            try replay(parentChain, into: dir + "/diff")
        }
        let blobPath = staging.newPath("blob")
        let unpacked = try TarUnpacker(destination: dir + "/diff", whiteouts: driver == .overlay ? .overlay : .apply)
            .unpack(input: input, blobPath: blobPath, what: what)
        return StagedLayer(directory: dir, blobPath: blobPath, unpacked: unpacked, parent: parent)
    }

    /// Unpacks layer tar files, base first, with whiteouts applied.
    func replay(_ chain: [String], into destination: String) throws {
        for path in chain {
            let fd = open(path, O_RDONLY | O_CLOEXEC)
            if fd < 0 { throw EngineError(.corrupt, "layer blob \(path) is missing from the store") }
            defer { close(fd) }
            _ = try TarUnpacker(destination: destination, whiteouts: .apply).unpack(input: fd, blobPath: nil, what: "layer \(path)")
        }
    }

    /// Renames a staged layer directory to the layer's path. Call only for
    /// an id with no record: a directory there is a crashed process's
    /// leftover, and goes first.
    func moveIntoPlace(_ staged: String, id: String) throws {
        if FileSystem.exists(path(id)) { try FileSystem.removeTree(path(id)) }
        if rename(staged, path(id)) != 0 { throw EngineError.system("store layer \(id)", errno) }
    }

    /// Makes a staged layer part of the store. Call inside the write
    /// transaction that also records what uses it. Returns the layer id.
    func commit(_ staged: StagedLayer, blobs: BlobStore, db: Database) throws -> String {
        let id = staged.id
        if try LayerRecord.fetchOne(db, key: id) == nil {
            try moveIntoPlace(staged.directory, id: id)
            try LayerRecord(id: id, parent: staged.parent, diffId: staged.unpacked.diffID.description,
                            size: staged.unpacked.tarSize, created: Date().timeIntervalSince1970, mountCount: 0).insert(db)
        }
        try blobs.commit(staged: staged.blobPath, as: staged.unpacked.diffID)
        return id
    }

    /// The layer ids from `id` down to the base.
    func chain(_ id: String, db: Database) throws -> [LayerRecord] {
        var out: [LayerRecord] = []
        var next: String? = id
        while let current = next {
            // Plain SQL: a key lookup would make GRDB read the table schema first.
            guard let layer = try LayerRecord.fetchOne(db, sql: "SELECT * FROM layer WHERE id = ?", arguments: [current]) else {
                throw EngineError(.corrupt, "layer \(current) is missing from the state database")
            }
            out.append(layer)
            next = layer.parent
        }
        return out
    }

    /// Deletes the records of `id` and then of each parent nothing else
    /// uses; their directories join `removals`. Returns the diff ids whose
    /// blobs may now be unused.
    func release(_ id: String, db: Database, removals: Removals) throws -> [String] {
        var freedDiffs: [String] = []
        var next: String? = id
        while let current = next {
            let usedByImage = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM image WHERE topLayer = ?", arguments: [current]) ?? 0
            let usedByLayer = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM layer WHERE parent = ?", arguments: [current]) ?? 0
            let usedByContainer = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM container WHERE layerId = ?", arguments: [current]) ?? 0
            guard usedByImage + usedByLayer + usedByContainer == 0,
                  let layer = try LayerRecord.fetchOne(db, key: current) else { break }
            if layer.mountCount > 0 || MountTable.isMountPoint(mergedPath(current)) {
                try MountTable.unmount(mergedPath(current))
            }
            try LayerRecord.deleteOne(db, key: current)
            removals.paths.append(path(current))
            if let diff = layer.diffId { freedDiffs.append(diff) }
            next = layer.parent
        }
        return freedDiffs
    }
}
