#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GRDB

/// The storage half of a container: its record, its writable layer on top
/// of its image, and mounting that layer. The container lifecycle builds on
/// this and keeps its own settings in `ContainerRecord.config`.
public struct ContainerStorage {
    public let store: Store

    public init(store: Store) { self.store = store }

    /// Records a container named `name` with a new writable layer over
    /// `image` (or an empty root without one). Fails if the name is taken.
    public func create(id: String? = nil, name: String, image: String?, config: Data? = nil) throws -> ContainerRecord {
        try ContainerStorage.validateName(name)
        let id = id ?? FileSystem.randomHex(32)
        let staging = try store.beginStaging()
        defer { staging.finish() }
        let resolved = try image.map { try store.images.resolve($0) }
        let chain = try store.database.read { db in try store.layers.diffChain(resolved?.record.topLayer, db: db) }
        let staged = try store.layers.stageWritable(parentChain: chain, blobs: store.blobs, staging: staging)
        let record = try store.mutate { db in
            if let other = try ContainerRecord.filter(Column("name") == name).fetchOne(db) {
                throw EngineError(.conflict, "the container name \"\(name)\" is already in use by \(other.id). You have to remove that container to be able to reuse that name: that name is already in use")
            }
            if let resolved, try ImageRecord.fetchOne(db, key: resolved.id) == nil {
                throw EngineError.notFound("\(image!): image not known")
            }
            try store.layers.commitWritable(id: id, staged: staged, parent: store.driver == .overlay ? resolved?.record.topLayer : nil, db: db)
            let record = ContainerRecord(id: id, name: name, imageId: resolved?.id, layerId: id, created: Timestamp.now(), config: config)
            try record.insert(db)
            return record
        }
        // A copy beside the container's files: what `system repair --rebuild`
        // records again if the database is lost.
        try FileSystem.makeDirectories(store.root + "/containers/" + id)
        try FileSystem.writeFileAtomically(recordFile(id), try JSONEncoder().encode(record), mode: 0o600)
        return record
    }

    /// The copy of the container's record kept in its directory.
    func recordFile(_ id: String) -> String { store.root + "/containers/" + id + "/record.json" }

    /// Podman's name rule: `[a-zA-Z0-9][a-zA-Z0-9_.-]*`, at most 253 bytes.
    public static func validateName(_ name: String) throws {
        let u = Array(name.utf8)
        func alnum(_ c: UInt8) -> Bool { (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) }
        guard let first = u.first, alnum(first), u.allSatisfy({ alnum($0) || $0 == 95 || $0 == 46 || $0 == 45 }) else {
            throw EngineError.invalid("names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument: \(name.debugDescription)")
        }
        guard u.count <= 253 else {
            throw EngineError.invalid("names must be at most 253 characters long, \(name.prefix(16))... has \(u.count): invalid argument")
        }
    }

    /// By full ID, unique ID prefix, or name.
    public func lookup(_ nameOrID: String) throws -> ContainerRecord {
        try store.database.read { db in try lookup(nameOrID, db) }
    }

    func lookup(_ nameOrID: String, _ db: Database) throws -> ContainerRecord {
        if let byName = try ContainerRecord.filter(Column("name") == nameOrID).fetchOne(db) { return byName }
        if nameOrID.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }), !nameOrID.isEmpty {
            let hits = try ContainerRecord.filter(sql: "id LIKE ?", arguments: [nameOrID + "%"]).limit(2).fetchAll(db)
            if hits.count == 1 { return hits[0] }
            if hits.count > 1 { throw EngineError(.invalidArgument, "\(nameOrID): container ID prefix is ambiguous") }
        }
        throw EngineError.notFound("no container with name or ID \"\(nameOrID)\" found: no such container")
    }

    public func list() throws -> [ContainerRecord] {
        try store.database.read { db in try ContainerRecord.order(Column("created")).fetchAll(db) }
    }

    /// Mounts the container's root filesystem; returns its path.
    public func mount(_ nameOrID: String) throws -> String {
        try store.database.write { db in
            let container = try lookup(nameOrID, db)
            guard let layer = container.layerId else { throw EngineError.invalid("container \(container.id) has no root filesystem") }
            return try store.layers.mount(layer, db: db)
        }
    }

    /// Returns whether it is still mounted (other users hold it).
    @discardableResult
    public func unmount(_ nameOrID: String, force: Bool = false) throws -> Bool {
        try store.database.write { db in
            let container = try lookup(nameOrID, db)
            guard let layer = container.layerId else { return false }
            return try store.layers.unmount(layer, force: force, db: db)
        }
    }

    /// Containers whose root filesystem is mounted, with the mount point.
    public func mounted() throws -> [(ContainerRecord, String)] {
        try store.database.read { db in
            try ContainerRecord.order(Column("created")).fetchAll(db).compactMap { c in
                guard let layer = c.layerId, let record = try LayerRecord.fetchOne(db, key: layer), record.mountCount > 0 else { return nil }
                return (c, store.layers.mergedPath(layer))
            }
        }
    }

    /// Removes the record and the writable layer (unmounting it), reclaiming
    /// its space.
    public func remove(_ nameOrID: String) throws {
        try store.mutateRemoving { db, removals in
            let container = try lookup(nameOrID, db)
            try ContainerRecord.deleteOne(db, key: container.id)
            if let layer = container.layerId {
                if store.driver == .overlay { try MountTable.unmount(store.layers.mergedPath(layer)) }
                _ = try store.layers.release(layer, db: db, removals: removals)
            }
        }
    }
}

extension Store {
    public var containers: ContainerStorage { ContainerStorage(store: self) }
}
