#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GRDB

/// An image with its names, newest name last.
public struct StoredImage: Sendable, Equatable {
    public var record: ImageRecord
    public var names: [String]
    public var id: String { record.id }
    public var shortID: String { String(record.id.prefix(12)) }

    /// (repository, tag) per name, as image tables list them:
    /// `localhost/busybox:latest` -> (`localhost/busybox`, `latest`), a
    /// digest name without tag; (`<none>`, `<none>`) for an untagged image.
    package var repositoriesAndTags: [(String, String)] {
        if names.isEmpty { return [("<none>", "<none>")] }
        return names.map { name in
            if let at = name.lastIndex(of: "@") { return (String(name[..<at]), "<none>") }
            if let colon = name.lastIndex(of: ":"), !name[colon...].contains("/") {
                return (String(name[..<colon]), String(name[name.index(after: colon)...]))
            }
            return (name, "<none>")
        }
    }

    public func decodedConfig() throws -> ImageConfig {
        do { return try JSONDecoder().decode(ImageConfig.self, from: record.config) } catch {
            throw EngineError(.corrupt, "image \(shortID): unreadable config: \(error)")
        }
    }
}

/// What `rmi` did for one argument.
public struct ImageRemoval: Sendable, Equatable {
    public var untagged: [String]
    public var deleted: String?
}

/// Images in a store: lookup by name, short name or ID prefix; naming;
/// removal with the layers only they used.
public struct ImageStore {
    public let store: Store

    public init(store: Store) { self.store = store }

    public func list() throws -> [StoredImage] {
        try store.database.read { db in try list(db) }
    }

    func list(_ db: Database) throws -> [StoredImage] {
        let records = try ImageRecord.fetchAll(db, sql: "SELECT * FROM image ORDER BY created DESC")
        var names: [String: [String]] = [:]
        for row in try ImageNameRecord.fetchAll(db, sql: "SELECT * FROM imageName ORDER BY added, name") {
            names[row.imageId, default: []].append(row.name)
        }
        return records.map { StoredImage(record: $0, names: names[$0.id] ?? []) }
    }

    public func resolve(_ reference: String) throws -> StoredImage {
        try store.database.read { db in try resolve(reference, db) }
    }

    public func exists(_ reference: String) -> Bool {
        (try? resolve(reference)) != nil
    }

    /// Full name, then short name against local names, then ID (prefix).
    func resolve(_ reference: String, _ db: Database) throws -> StoredImage {
        if let image = try lookup(reference, db) { return image }
        throw EngineError.notFound("\(reference): image not known")
    }

    private func lookup(_ reference: String, _ db: Database) throws -> StoredImage? {
        var candidate = reference
        if candidate.hasPrefix("sha256:") { candidate.removeFirst(7) }
        if candidate.count >= 3, candidate.count <= 64,
           candidate.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) {
            let matches = try ImageRecord.fetchAll(db, sql: "SELECT * FROM image WHERE id LIKE ? LIMIT 2", arguments: [candidate + "%"])
            if matches.count == 1 { return try withNames(matches[0], db) }
            if matches.count > 1 {
                throw EngineError(.invalidArgument, "\(reference): image ID prefix is ambiguous")
            }
        }
        guard let ref = try? ImageReference.parse(reference) else { return nil }
        var names = [ref.description]
        if ref.wasShortName {
            let short = ref.path.hasPrefix("library/") && !reference.contains("library/")
                ? String(ref.path.dropFirst("library/".count)) : ref.path
            var suffix = short
            if let tag = ref.tag { suffix += ":" + tag }
            if let digest = ref.digest { suffix += "@" + digest.description }
            names = ["localhost/" + suffix, ref.description]
            for name in names {
                if let image = try imageNamed(name, db) { return image }
            }
            if let imageId = try String.fetchOne(db, sql: "SELECT imageId FROM imageName WHERE name LIKE ? ESCAPE '\\' ORDER BY name LIMIT 1",
                                                 arguments: ["%/" + likeEscape(suffix)]) {
                return try imageWithID(imageId, db)
            }
            return nil
        }
        if let image = try imageNamed(ref.description, db) { return image }
        if let digest = ref.digest,
           let image = try ImageRecord.fetchOne(db, sql: "SELECT * FROM image WHERE digest = ? LIMIT 1", arguments: [digest.description]) {
            return try withNames(image, db)
        }
        return nil
    }

    // Plain SQL on the lookup paths: GRDB's query builder costs more than
    // the query itself in a process that runs one lookup.
    private func imageNamed(_ name: String, _ db: Database) throws -> StoredImage? {
        guard let imageId = try String.fetchOne(db, sql: "SELECT imageId FROM imageName WHERE name = ?", arguments: [name]) else { return nil }
        return try imageWithID(imageId, db)
    }

    private func imageWithID(_ id: String, _ db: Database) throws -> StoredImage {
        guard let record = try ImageRecord.fetchOne(db, sql: "SELECT * FROM image WHERE id = ?", arguments: [id]) else {
            throw EngineError(.corrupt, "image name points at missing image \(id)")
        }
        return try withNames(record, db)
    }

    private func likeEscape(_ s: String) -> String {
        s.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
    }

    func withNames(_ record: ImageRecord, _ db: Database) throws -> StoredImage {
        let names = try String.fetchAll(db, sql: "SELECT name FROM imageName WHERE imageId = ? ORDER BY added, name", arguments: [record.id])
        return StoredImage(record: record, names: names)
    }

    /// Points each name at the image (moving it off any other image).
    public func tag(_ reference: String, names: [String]) throws {
        let refs = try names.map { try ImageReference.parseLocal($0) }
        let id = try store.database.write { db in
            let image = try resolve(reference, db)
            try addNames(refs.map(\.description), to: image.id, db)
            return image.id
        }
        for ref in refs { store.events.image("tag", id: id, name: ref.description) }
    }

    func addNames(_ names: [String], to id: String, _ db: Database) throws {
        let now = Timestamp.now()
        for (offset, name) in names.enumerated() {
            try ImageNameRecord.deleteOne(db, key: name)
            try ImageNameRecord(name: name, imageId: id, added: now + Double(offset) * 1e-6).insert(db)
        }
        try copyNames(db)
    }

    /// Where a copy of every image name is kept: names exist only in the
    /// database, and `system repair --rebuild` takes them from here.
    var namesCopyPath: String { store.root + "/image-names.json" }

    /// Rewrites the names copy from `db`, inside each transaction that
    /// changes names (a crash before its commit leaves names the rebuild
    /// checks against the images it finds).
    func copyNames(_ db: Database) throws {
        let rows = try ImageNameRecord.fetchAll(db, sql: "SELECT * FROM imageName ORDER BY added, name")
        try FileSystem.writeFileAtomically(namesCopyPath, try JSONEncoder().encode(rows), mode: 0o600)
    }

    /// Removes the given names from the image, or all of its names.
    public func untag(_ reference: String, names: [String]) throws {
        let refs = try names.map { try ImageReference.parseLocal($0) }
        try store.database.write { db in
            let image = try resolve(reference, db)
            if refs.isEmpty {
                try ImageNameRecord.filter(Column("imageId") == image.id).deleteAll(db)
            }
            for (ref, given) in zip(refs, names) {
                guard let hit = image.names.first(where: { $0 == ref.description || ImageStore.matches(name: $0, reference: given) }) else {
                    throw EngineError.notFound("\(given): tag not known")
                }
                try ImageNameRecord.deleteOne(db, key: hit)
            }
            try copyNames(db)
        }
    }

    /// Podman's `rmi`: by name, only that name goes unless it is the last;
    /// by ID, the image goes (with `force` even when it has several names).
    public func remove(_ reference: String, force: Bool) throws -> ImageRemoval {
        store.events.noting(try store.mutateRemoving { db, removals in
            let image = try resolve(reference, db)
            let byName = !image.id.hasPrefix(reference.hasPrefix("sha256:") ? String(reference.dropFirst(7)) : reference)
            if byName && image.names.count > 1 && !force {
                let name = image.names.first { $0 == reference || ImageStore.matches(name: $0, reference: reference) } ?? image.names[0]
                try ImageNameRecord.deleteOne(db, key: name)
                try copyNames(db)
                return ImageRemoval(untagged: [name], deleted: nil)
            }
            if !byName && image.names.count > 1 && !force {
                throw EngineError(.conflict, "unable to delete image \(image.id) by ID with more than one tag (\(image.names)): please force removal")
            }
            let users = try String.fetchAll(db, sql: "SELECT id FROM container WHERE imageId = ?", arguments: [image.id])
            if let user = users.first {
                throw EngineError(.inUse, "image used by \(user): image is in use by a container", exitCode: 2)
            }
            if let volume = try String.fetchOne(db, sql: "SELECT name FROM volume WHERE imageId = ?", arguments: [image.id]) {
                throw EngineError(.inUse, "image used by volume \(volume): image is in use by a volume", exitCode: 2)
            }
            try delete(image, db: db, removals: removals)
            return ImageRemoval(untagged: image.names, deleted: image.id)
        }, id: reference)
    }

    package static func matches(name: String, reference: String) -> Bool {
        guard let ref = try? ImageReference.parse(reference) else { return false }
        if name == ref.description { return true }
        if ref.wasShortName {
            var suffix = ref.path.hasPrefix("library/") && !reference.contains("library/") ? String(ref.path.dropFirst(8)) : ref.path
            if let tag = ref.tag { suffix += ":" + tag }
            return name.hasSuffix("/" + suffix)
        }
        return false
    }

    /// Deletes the image row, its names, its blobs and the layers nothing
    /// else uses; their files join `removals`.
    func delete(_ image: StoredImage, db: Database, removals: Removals) throws {
        try ImageRecord.deleteOne(db, key: image.id)
        var freed: [String] = []
        if let top = image.record.topLayer {
            freed = try store.layers.release(top, db: db, removals: removals)
        }
        for diff in freed {
            let stillUsed = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM layer WHERE diffId = ?", arguments: [diff]) ?? 0
            if stillUsed == 0, let digest = try? Digest(parsing: diff) { removals.blobs.append(digest) }
        }
        if let config = try? Digest(hex: image.id) { removals.blobs.append(config) }
        if let manifest = try? Digest(parsing: image.record.digest) { removals.blobs.append(manifest) }
        try copyNames(db)
    }

    /// Removes dangling images (no names), or with `all` every image no
    /// container uses; of those only the ones `filter` matches (`prune
    /// --filter`). Returns the removed IDs.
    package func prune(all: Bool, filter: ImageFilter? = nil) throws -> [String] {
        try store.mutateRemoving { db, removals in
            var removed: [String] = []
            for image in try list(db) {
                guard all || image.names.isEmpty, try filter?.matches(image) ?? true else { continue }
                let used = try Int.fetchOne(db, sql: "SELECT (SELECT COUNT(*) FROM container WHERE imageId = ?1) + (SELECT COUNT(*) FROM volume WHERE imageId = ?1)", arguments: [image.id]) ?? 0
                guard used == 0 else { continue }
                try delete(image, db: db, removals: removals)
                removed.append(image.id)
            }
            try BuildCache(store: store).prune(db, removals: removals)
            return removed
        }
    }

    /// Records a new image whose layers were staged (base first): moves
    /// layers and blobs into place and names the image, in one transaction.
    /// `existingTop` is the already-stored layer the staged ones sit on;
    /// `layerDescriptors` describe every layer (stored ones included), base
    /// first, as the manifest lists them.
    func commit(config: Data, layers: [StagedLayer], existingTop: String? = nil, layerDescriptors: [Descriptor]? = nil,
                names: [String], created: Double, staging: StagingArea, annotations: [String: String] = [:]) throws -> String {
        let configDigest = Digest.of(config)
        var manifest = ImageManifest(
            config: Descriptor(mediaType: MediaType.ociConfig, digest: configDigest, size: Int64(config.count)),
            layers: layerDescriptors ?? layers.map { Descriptor(mediaType: MediaType.ociLayer, digest: $0.unpacked.diffID, size: $0.unpacked.tarSize) })
        if !annotations.isEmpty { manifest.annotations = annotations }
        let manifestData = try JSONCoding.encoder(pretty: false).encode(manifest)
        let manifestDigest = Digest.of(manifestData)
        let configPath = staging.newPath("config")
        let manifestPath = staging.newPath("manifest")
        try FileSystem.writeFileAtomically(configPath, config)
        try FileSystem.writeFileAtomically(manifestPath, manifestData)
        return try store.mutate { db in
            var top = existingTop
            var size: Int64 = 0
            for layer in layers {
                top = try store.layers.commit(layer, blobs: store.blobs, db: db)
            }
            if let top {
                size = try store.layers.chain(top, db: db).reduce(0) { $0 + $1.size }
            }
            if try ImageRecord.fetchOne(db, key: configDigest.hex) == nil {
                try store.blobs.commit(staged: configPath, as: configDigest)
                try store.blobs.commit(staged: manifestPath, as: manifestDigest)
                try ImageRecord(id: configDigest.hex, digest: manifestDigest.description, topLayer: top, created: created,
                                size: size, manifest: manifestData, config: config).insert(db)
            }
            try addNames(names, to: configDigest.hex, db)
            return configDigest.hex
        }
    }
}

extension Store {
    public var images: ImageStore { ImageStore(store: self) }
}
