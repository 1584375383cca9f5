#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GRDB

/// What `volume create` asks for (the flags Quadlet's `.volume` emits).
public struct VolumeSpec: Sendable {
    public var name: String?
    public var driver: String = "local"
    public var labels: [String: String] = [:]
    /// `--opt` in order: `type=`, `device=`, `o=`, `copy`, `nocopy`, `image=`.
    public var options: [(String, String)] = []
    public var uid: Int?
    public var gid: Int?
    public var ignoreExisting = false

    public init() {}
}

/// `volume inspect` output, Podman's shape.
public struct VolumeInspectReport: Encodable, Sendable {
    public var Name: String
    public var Driver: String
    public var Mountpoint: String
    public var CreatedAt: String
    public var Labels: [String: String]
    public var Scope: String
    public var Options: [String: String]
    public var UID: Int?
    public var GID: Int?
    public var MountCount: Int
    public var NeedsCopyUp: Bool
    public var NeedsChown: Bool
}

/// Named volumes: `volumes/<name>/_data` under the store, or a filesystem
/// (`type=tmpfs`, `type=none,o=bind`, a block device...) mounted there on
/// first use, or (driver `image`) an image's root filesystem.
public struct VolumeStore {
    public let store: Store

    public init(store: Store) { self.store = store }

    /// Podman's name rule: `[a-zA-Z0-9][a-zA-Z0-9_.-]*`.
    public static func validateName(_ name: String) throws {
        do { try ContainerStorage.validateName(name) } catch {
            throw EngineError.invalid("volume name \(name.debugDescription) includes invalid characters, only \"[a-zA-Z0-9][a-zA-Z0-9_.-]*\" are allowed")
        }
    }

    /// Creates the volume; with `ignoreExisting` an existing one of that
    /// name is returned unchanged. Returns the name.
    @discardableResult
    public func create(_ spec: VolumeSpec) throws -> String {
        let name = spec.name ?? FileSystem.randomHex(32)
        try VolumeStore.validateName(name)
        guard spec.driver == "local" || spec.driver == "image" else {
            throw EngineError.invalid("volume driver \(spec.driver.debugDescription) is not supported (local, image)")
        }
        var options: [String: String] = [:]
        for (key, value) in spec.options {
            guard ["type", "device", "o", "copy", "nocopy", "image", "size", "inodes", "uid", "gid", "noquota"].contains(key) else {
                throw EngineError.invalid("invalid mount option \(key) for driver '\(spec.driver)'")
            }
            options[key] = value
        }
        var imageId: String?
        if spec.driver == "image" {
            guard let image = options["image"], !image.isEmpty else { throw EngineError.invalid("image volumes need --opt image=IMAGE") }
            imageId = try store.images.resolve(image).id
        }
        let staging = try store.beginStaging()
        defer { staging.finish() }
        let staged = staging.newPath("volume")
        try FileSystem.makeDirectories(staged + "/_data")
        chmod(staged, 0o700)
        chmod(staged + "/_data", 0o755)
        if spec.uid != nil || spec.gid != nil {
            if chown(staged + "/_data", uid_t(spec.uid ?? -1), gid_t(spec.gid ?? -1)) != 0 && geteuid() == 0 {
                throw EngineError.system("chown volume \(name)", errno)
            }
        }
        let labelData = try JSONCoding.encoder(pretty: false).encode(spec.labels)
        let optionData = try JSONCoding.encoder(pretty: false).encode(options)
        var made = false
        let created = try store.mutate { db in
            if try VolumeRecord.fetchOne(db, key: name) != nil {
                if spec.ignoreExisting { return name }
                throw EngineError(.conflict, "volume with name \(name) already exists: volume already exists")
            }
            let final = store.volumesDirectory + "/" + name
            if FileSystem.exists(final) {
                // Only the leftover of a create killed before its commit (an
                // empty `_data`) is replaced: anything else is data berth has
                // no record of, and never deletes.
                let entries = FileSystem.list(final)
                let leftover = entries.isEmpty
                    || entries == ["_data"] && FileSystem.isDirectory(final + "/_data") && FileSystem.list(final + "/_data").isEmpty
                guard leftover else {
                    throw EngineError(.conflict, "volume directory \(final) exists and holds data, but no volume \(name) is recorded: not replacing it; move it away, or run `berth system repair --rebuild` to record it as a volume again")
                }
                try FileSystem.removeTree(final)
            }
            if rename(staged, final) != 0 { throw EngineError.system("create volume \(name)", errno) }
            try VolumeRecord(name: name, driver: spec.driver, mountpoint: final + "/_data", created: Timestamp.now(),
                             labels: labelData, options: optionData, uid: spec.uid, gid: spec.gid, imageId: imageId,
                             mountCount: 0, needsCopyUp: options["nocopy"] == nil).insert(db)
            made = true
            return name
        }
        if made { store.events.volume("create", name: created) }
        return created
    }

    public func list() throws -> [VolumeRecord] {
        try store.database.read { db in try VolumeRecord.order(Column("created")).fetchAll(db) }
    }

    public func get(_ name: String) throws -> VolumeRecord {
        try store.database.read { db in try get(name, db) }
    }

    func get(_ name: String, _ db: Database) throws -> VolumeRecord {
        if let volume = try VolumeRecord.fetchOne(db, key: name) { return volume }
        if !name.isEmpty, name.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) {
            let hits = try VolumeRecord.filter(sql: "name LIKE ?", arguments: [name + "%"]).limit(2).fetchAll(db)
            if hits.count == 1 { return hits[0] }
        }
        throw EngineError.notFound("no volume with name \"\(name)\" found: no such volume")
    }

    /// Whether a volume of that name is recorded (a failure to read the
    /// records is thrown, not taken for "no").
    public func exists(_ name: String) throws -> Bool {
        do {
            _ = try get(name)
            return true
        } catch let error as EngineError where error.kind == .notFound {
            return false
        }
    }

    public func inspect(_ name: String) throws -> VolumeInspectReport {
        report(try get(name))
    }

    public func report(_ volume: VolumeRecord) -> VolumeInspectReport {
        let labels = (try? JSONDecoder().decode([String: String].self, from: volume.labels)) ?? [:]
        let options = (try? JSONDecoder().decode([String: String].self, from: volume.options)) ?? [:]
        return VolumeInspectReport(
            Name: volume.name, Driver: volume.driver, Mountpoint: volume.mountpoint,
            CreatedAt: Timestamp.rfc3339(volume.created), Labels: labels, Scope: "local", Options: options,
            UID: volume.uid, GID: volume.gid, MountCount: volume.mountCount, NeedsCopyUp: volume.needsCopyUp,
            NeedsChown: volume.uid != nil || volume.gid != nil)
    }

    /// Removes the volume; a mounted one only with `force` (after unmounting).
    public func remove(_ name: String, force: Bool) throws {
        try store.mutateRemoving { db, removals in
            let volume = try get(name, db)
            if volume.mountCount > 0 && !force {
                throw EngineError(.inUse, "volume \(volume.name) is being used: volume is being used", exitCode: 2)
            }
            try unmountAll(volume)
            if let layer = try layerId(volume) {
                _ = try store.layers.release(layer, db: db, removals: removals)
            }
            try VolumeRecord.deleteOne(db, key: volume.name)
            removals.paths.append(store.volumesDirectory + "/" + volume.name)
        }
        store.events.volume("remove", name: name)
    }

    /// Removes every unused volume; returns their names.
    public func prune(labels: [String] = []) throws -> [String] {
        var removed: [String] = []
        for volume in try list() where volume.mountCount == 0 {
            let have = report(volume).Labels
            let wanted = labels.allSatisfy { spec in
                let kv = spec.split(separator: "=", maxSplits: 1).map(String.init)
                return have[kv[0]] != nil && (kv.count == 1 || have[kv[0]] == kv[1])
            }
            guard wanted else { continue }
            do { try remove(volume.name, force: false); removed.append(volume.name) } catch let e as EngineError where e.kind == .notFound || e.kind == .inUse {}
        }
        return removed
    }

    /// Mounts the volume for a user (counting users) and returns the path to
    /// bind into a container. `type=`/`device=` volumes mount on first use.
    /// Mounts `name` for one more user: where it is, and whether the
    /// image's content is still to be copied into it (new volumes without
    /// `nocopy`: once, at first use; `markCopiedUp` ends that).
    public func mount(_ name: String) throws -> (path: String, needsCopyUp: Bool) {
        try store.mutate { db in try mount(name, db: db) }
    }

    /// `mount` inside the caller's transaction (under `Store.mutate`), so
    /// the caller records its use in the same commit as the count.
    func mount(_ name: String, db: Database) throws -> (path: String, needsCopyUp: Bool) {
        var volume = try get(name, db)
        let options = report(volume).Options
        if volume.mountCount == 0 || !(MountTable.isMountPoint(volume.mountpoint) || options["type"] == nil && volume.driver == "local") {
            try mountNow(volume, options: options, db: db)
        }
        volume.mountCount += 1
        try volume.update(db)
        return (volume.driver == "image" ? store.layers.mergedPath(try layerId(volume)!) : volume.mountpoint, volume.needsCopyUp)
    }

    /// The first use is over: no copy-up again, even if nothing was copied.
    public func markCopiedUp(_ name: String) throws {
        try store.database.write { db in
            var volume = try get(name, db)
            guard volume.needsCopyUp else { return }
            volume.needsCopyUp = false
            try volume.update(db)
        }
    }

    /// Drops one user; unmounts at zero.
    public func unmount(_ name: String) throws {
        try store.database.write { db in try unmount(name, db: db) }
    }

    /// `unmount` inside the caller's transaction.
    func unmount(_ name: String, db: Database) throws {
        var volume = try get(name, db)
        volume.mountCount = max(0, volume.mountCount - 1)
        if volume.mountCount == 0 {
            if let layer = try layerId(volume) { _ = try store.layers.unmount(layer, force: true, db: db) }
            else { try unmountAll(volume) }
        }
        try volume.update(db)
    }

    private func layerId(_ volume: VolumeRecord) throws -> String? {
        volume.driver == "image" ? "volume-" + Digest.of(Data(volume.name.utf8)).hex : nil
    }

    private func mountNow(_ volume: VolumeRecord, options: [String: String], db: Database) throws {
        if volume.driver == "image" {
            let layer = try layerId(volume)!
            if try LayerRecord.fetchOne(db, key: layer) == nil {
                guard let imageId = volume.imageId, let image = try ImageRecord.fetchOne(db, key: imageId) else {
                    throw EngineError.notFound("image of volume \(volume.name) is gone")
                }
                let staging = try StagingArea(store: store)
                defer { staging.finish() }
                let chain = try store.layers.diffChain(image.topLayer, db: db)
                let staged = try store.layers.stageWritable(parentChain: chain, blobs: store.blobs, staging: staging)
                try store.layers.commitWritable(id: layer, staged: staged, parent: store.driver == .overlay ? image.topLayer : nil, db: db)
            }
            _ = try store.layers.mount(layer, db: db)
            return
        }
        guard let type = options["type"] else { return }
        var data = options["o"] ?? ""
        var flags: UInt = 0
        var kept: [String] = []
        for option in data.split(separator: ",").map(String.init) {
            switch option {
            case "bind": flags |= UInt(MS_BIND)
            case "rbind": flags |= UInt(MS_BIND | MS_REC)
            case "ro": flags |= UInt(MS_RDONLY)
            case "rw": break
            case "nodev": flags |= UInt(MS_NODEV)
            case "noexec": flags |= UInt(MS_NOEXEC)
            case "nosuid": flags |= UInt(MS_NOSUID)
            default: kept.append(option)
            }
        }
        data = kept.joined(separator: ",")
        let device = options["device"] ?? type
        // `type=bind` is what mount(8) calls a bind mount, not a filesystem.
        if type == "bind" || type == "rbind" { flags |= UInt(MS_BIND) | (type == "rbind" ? UInt(MS_REC) : 0) }
        let fstype: String? = (type == "none" || type == "bind" || type == "rbind") ? nil : type
        if Glibc.mount(device, volume.mountpoint, fstype, flags, data.isEmpty ? nil : data) != 0 {
            throw EngineError.system("cannot mount volume \(volume.name) (\(type) \(device))", errno)
        }
    }

    private func unmountAll(_ volume: VolumeRecord) throws {
        if MountTable.isMountPoint(volume.mountpoint) { try MountTable.unmount(volume.mountpoint) }
    }
}

extension Store {
    public var volumes: VolumeStore { VolumeStore(store: self) }
}
