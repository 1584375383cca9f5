#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GRDB

/// The local OCI artifact store (`berth artifact ...`): records in the
/// `artifact` table, blobs content-addressed in their own directory. A
/// blob is staged, verified, and renamed into place inside the write
/// transaction that records the artifact; blobs no artifact names any
/// more (a removal, or a process killed between rename and commit) are
/// swept by the next command that changes the store.
public struct ArtifactStore {
    public let store: Store

    init(store: Store) { self.store = store }

    public var blobs: BlobStore { BlobStore(directory: store.root + "/artifacts/blobs/sha256") }

    /// A local artifact: its record and decoded manifest.
    public struct Artifact: Sendable {
        public var record: ArtifactRecord
        public var manifest: ArtifactManifest
        public var name: String { record.name }
        public var digest: Digest { (try? Digest(parsing: record.digest)) ?? Digest.of(record.manifest) }
    }

    /// Every artifact, by name.
    public func list() throws -> [Artifact] {
        let records = try store.database.read { db in try ArtifactRecord.order(Column("name")).fetchAll(db) }
        return try records.map { Artifact(record: $0, manifest: try ArtifactManifest.decode($0.manifest, what: $0.name)) }
    }

    /// The name `name` stands for, checked before anything is written:
    /// Podman's normalization (`docker.io/library/` for a short name,
    /// `:latest` when no tag); a digest is refused (a name is needed).
    public static func normalize(_ name: String) throws -> ImageReference {
        let reference = try ImageReference.parse(name)
        guard reference.digest == nil else {
            throw EngineError.invalid("\(name): an artifact name cannot name a digest")
        }
        return reference
    }

    /// The artifact `name` names: its full name, a short name matched on
    /// the repository path, or (a prefix of) its digest.
    public func resolve(_ name: String) throws -> Artifact {
        let all = try list()
        if let reference = try? ImageReference.parse(name) {
            if let found = all.first(where: { $0.name == reference.description }) { return found }
            if reference.wasShortName, reference.digest == nil {
                let short = reference.path.hasPrefix("library/") && !name.hasPrefix("library/") ? String(reference.path.dropFirst(8)) : reference.path
                let suffix = "/" + short + ":" + (reference.tag ?? "latest")
                let matches = all.filter { $0.name.hasSuffix(suffix) }
                if matches.count == 1 { return matches[0] }
            }
        }
        var hex = name
        if hex.hasPrefix("sha256:") { hex.removeFirst(7) }
        if hex.count >= 3, hex.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) {
            let matches = all.filter { $0.digest.hex.hasPrefix(hex) }
            if Set(matches.map(\.record.digest)).count == 1 { return matches[0] }
            if matches.count > 1 { throw EngineError(.conflict, "\(name): digest prefix names more than one artifact") }
        }
        throw EngineError.notFound("\(name): artifact does not exist")
    }

    public func inspect(_ name: String) throws -> ArtifactInspectReport {
        let artifact = try resolve(name)
        return ArtifactInspectReport(Manifest: artifact.manifest, Name: artifact.name, Digest: artifact.record.digest)
    }

    /// `artifact rm NAME`: the removed artifact's manifest digest.
    @discardableResult
    public func remove(_ name: String) throws -> Digest {
        let artifact = try resolve(name)
        try store.mutate { db in
            try db.execute(sql: "DELETE FROM artifact WHERE name = ?", arguments: [artifact.name])
            try sweep(db)
        }
        return artifact.digest
    }

    /// `artifact rm --all`: the removed artifacts' digests.
    public func removeAll() throws -> [Digest] {
        let all = try list()
        try store.mutate { db in
            try db.execute(sql: "DELETE FROM artifact")
            try sweep(db)
        }
        return all.map(\.digest)
    }

    /// What `commit` may find recorded under the name.
    enum Previous {
        /// Anything (a pull replaces the artifact of that name).
        case any
        /// No artifact (`add`).
        case none
        /// The artifact of this manifest digest, unchanged (`add --append`).
        case digest(String)
    }

    /// Records `manifestData` under `name`, moving the staged blobs
    /// (digest → staged file) into place in the same transaction. Every
    /// blob the manifest names must be staged or present. What was
    /// checked before staging is checked again in the transaction, so a
    /// concurrent `add` of the same name is refused, not overwritten.
    func commit(name: String, manifestData: Data, staged: [Digest: String], previous: Previous = .any) throws -> Digest {
        let manifest = try ArtifactManifest.decode(manifestData, what: name)
        let digest = Digest.of(manifestData)
        try FileSystem.makeDirectories(blobs.directory)
        try store.mutate { db in
            let recorded = try String.fetchOne(db, sql: "SELECT digest FROM artifact WHERE name = ?", arguments: [name])
            switch previous {
            case .any: break
            case .none:
                if recorded != nil { throw EngineError(.conflict, "\(name): artifact already exists") }
            case .digest(let expected):
                if recorded != expected { throw EngineError(.conflict, "\(name): the artifact changed meanwhile; try again") }
            }
            for blob in manifest.blobs {
                if let path = staged[blob.digest] {
                    // Readable by a container's non-root user when mounted.
                    chmod(path, 0o644)
                    try blobs.commit(staged: path, as: blob.digest)
                } else if !blobs.has(blob.digest) {
                    throw EngineError(.corrupt, "\(name): blob \(blob.digest) is missing")
                }
            }
            let record = ArtifactRecord(name: name, digest: digest.description, manifest: manifestData, created: Timestamp.now())
            try record.save(db)
            try sweep(db)
        }
        return digest
    }

    /// Removes the artifact blobs no record names and no container mounts
    /// (`--mount type=artifact` binds the blob files), inside a write
    /// transaction, so no commit is half-way through. Anything unreadable
    /// keeps every blob.
    private func sweep(_ db: Database) throws {
        var referenced = Set<String>()
        for data in try Data.fetchAll(db, sql: "SELECT manifest FROM artifact") {
            guard let manifest = try? JSONDecoder().decode(ArtifactManifest.self, from: data) else { return }
            for blob in manifest.blobs { referenced.insert(blob.digest.hex) }
        }
        let prefix = blobs.directory + "/"
        for data in try Data.fetchAll(db, sql: "SELECT config FROM container WHERE config IS NOT NULL") {
            guard let config = try? JSONDecoder().decode(ContainerConfiguration.self, from: data) else { return }
            for mount in config.mounts where mount.kind == .bind && mount.source.hasPrefix(prefix) {
                referenced.insert(String(mount.source.dropFirst(prefix.count)))
            }
        }
        for name in FileSystem.list(blobs.directory) where !referenced.contains(name) {
            unlink(blobs.directory + "/" + name)
        }
    }
}

extension Store {
    public var artifacts: ArtifactStore { ArtifactStore(store: self) }
}
