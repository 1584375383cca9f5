#if canImport(Glibc)
import Glibc
#endif
import CShim
import Foundation

extension ImageStore {
    /// `berth load`: a docker-archive or oci-archive (as `podman save` and
    /// `skopeo copy` write them, compressed or not). Every member path, digest
    /// and layer entry is checked; nothing becomes visible unless the whole
    /// archive loads. Returns, per image, its names or its ID.
    public func load(path: String) throws -> [String] {
        let input: Int32 = path == "-" ? dup(0) : open(path, O_RDONLY | O_CLOEXEC)
        if input < 0 { throw EngineError.system("cannot open \(path)", errno) }
        defer { close(input) }
        let what = path == "-" ? "standard input" : path
        let staging = try store.beginStaging()
        defer { staging.finish() }
        let members = try ArchiveMembers.extract(input: input, into: staging, what: what)
        if members.has("index.json") {
            return try loadOCI(members, staging: staging, what: what)
        }
        if members.has("manifest.json") {
            return try loadDocker(members, staging: staging, what: what)
        }
        throw EngineError(.corrupt, "\(what): payload does not match any of the supported image formats (oci-archive, docker-archive)")
    }

    private func loadDocker(_ members: ArchiveMembers, staging: StagingArea, what: String) throws -> [String] {
        let entries: [DockerArchiveEntry]
        do { entries = try JSONDecoder().decode([DockerArchiveEntry].self, from: members.read("manifest.json")) } catch let e as EngineError { throw e } catch {
            throw EngineError(.corrupt, "\(what): unreadable manifest.json: \(error)")
        }
        var loaded: [String] = []
        for entry in entries {
            let configData = try members.read(entry.config)
            let names = try (entry.repoTags ?? []).map { try ImageReference.parse($0).description }
            let layers = try entry.layers.map { layer in { () throws -> Int32 in try members.open(layer) } }
            let id = try loadImage(configData: configData, layerSources: layers, names: names, staging: staging, what: what)
            loaded.append(contentsOf: names.isEmpty ? ["sha256:" + id] : names)
        }
        return loaded
    }

    private func loadOCI(_ members: ArchiveMembers, staging: StagingArea, what: String) throws -> [String] {
        func blob(_ digest: Digest) -> String { "blobs/sha256/" + digest.hex }
        func verified(_ descriptor: Descriptor) throws -> Data {
            let data = try members.read(blob(descriptor.digest))
            guard Digest.of(data) == descriptor.digest else {
                throw EngineError(.corrupt, "\(what): blob \(descriptor.digest) does not match its digest")
            }
            return data
        }
        let index: ImageIndex
        do { index = try JSONDecoder().decode(ImageIndex.self, from: members.read("index.json")) } catch let e as EngineError { throw e } catch {
            throw EngineError(.corrupt, "\(what): unreadable index.json: \(error)")
        }
        var loaded: [String] = []
        for descriptor in index.manifests {
            var manifestDescriptor = descriptor
            if descriptor.mediaType == MediaType.ociIndex || descriptor.mediaType == MediaType.dockerManifestList {
                let nested = try JSONDecoder().decode(ImageIndex.self, from: verified(descriptor))
                guard let first = nested.manifests.first else { continue }
                manifestDescriptor = first
            }
            let manifest: ImageManifest
            do { manifest = try JSONDecoder().decode(ImageManifest.self, from: verified(manifestDescriptor)) } catch let e as EngineError { throw e } catch {
                throw EngineError(.corrupt, "\(what): unreadable manifest \(manifestDescriptor.digest): \(error)")
            }
            let configData = try verified(manifest.config)
            var names: [String] = []
            // Podman reads the ref name as an image name; short ones go to localhost/.
            if let ref = descriptor.annotations?["org.opencontainers.image.ref.name"],
               let parsed = try? ImageReference.parseLocal(ref) {
                names = [parsed.description]
            }
            let layers = manifest.layers.map { layer in { () throws -> Int32 in try members.open(blob(layer.digest)) } }
            let id = try loadImage(configData: configData, layerSources: layers, names: names, staging: staging, what: what)
            loaded.append(contentsOf: names.isEmpty ? ["sha256:" + id] : names)
        }
        return loaded
    }

    /// Unpacks the layers the store lacks and records the image.
    func loadImage(configData: Data, layerSources: [() throws -> Int32], names: [String], staging: StagingArea, what: String) throws -> String {
        let config: ImageConfig
        do { config = try JSONDecoder().decode(ImageConfig.self, from: configData) } catch {
            throw EngineError(.corrupt, "\(what): unreadable image config: \(error)")
        }
        let diffIDs = try config.rootfs.diffIDs.map { try Digest(parsing: $0) }
        guard diffIDs.count == layerSources.count else {
            throw EngineError(.corrupt, "\(what): the config lists \(diffIDs.count) layers, the manifest \(layerSources.count)")
        }
        var existingTop: String?
        var staged: [StagedLayer] = []
        var chain: [String] = []
        var parentChainID: Digest?
        var descriptors: [Descriptor] = []
        for (index, diffID) in diffIDs.enumerated() {
            let chainID = Digest.chainID(parent: parentChainID, diffID: diffID)
            let stored = staged.isEmpty ? try store.database.read { db in try LayerRecord.fetchOne(db, key: chainID.hex) } : nil
            if let stored {
                existingTop = stored.id
                chain.append(store.blobs.path(diffID))
                descriptors.append(Descriptor(mediaType: MediaType.ociLayer, digest: diffID, size: stored.size))
            } else {
                let fd = try layerSources[index]()
                defer { close(fd) }
                let layer = try store.layers.stage(input: fd, parent: parentChainID?.hex, parentChain: chain.map { $0 },
                                                   blobs: store.blobs, staging: staging, what: "\(what): layer \(index + 1)")
                guard layer.unpacked.diffID == diffID else {
                    throw EngineError(.corrupt, "\(what): layer \(index + 1) has digest \(layer.unpacked.diffID), the config says \(diffID)")
                }
                staged.append(layer)
                chain.append(layer.blobPath)
                descriptors.append(Descriptor(mediaType: MediaType.ociLayer, digest: diffID, size: layer.unpacked.tarSize))
            }
            parentChainID = chainID
        }
        let created = config.created.flatMap(Timestamp.parse) ?? Timestamp.now()
        return try commit(config: configData, layers: staged, existingTop: existingTop, layerDescriptors: descriptors,
                          names: names, created: created, staging: staging)
    }
}

/// The regular files of an archive, copied into a staging directory and
/// looked up by their normalized member path (symlinks and hard links
/// between members followed, never outside the archive).
struct ArchiveMembers {
    private var files: [String: String] = [:]
    private var links: [String: String] = [:]
    private let what: String

    static func extract(input: Int32, into staging: StagingArea, what: String) throws -> ArchiveMembers {
        var members = ArchiveMembers(what: what)
        guard let archive = engine_archive_read_new() else { throw EngineError(.system, "libarchive: out of memory") }
        defer { engine_archive_read_free(archive) }
        engine_archive_read_support_filter_all(archive)
        engine_archive_read_support_format_tar(archive)
        if engine_archive_read_open_fd(archive, input, 1 << 17) != ENGINE_ARCHIVE_OK {
            throw EngineError(.corrupt, "\(what): \(archiveError(archive))")
        }
        var entry: OpaquePointer?
        var count = 0
        while true {
            let status = engine_archive_read_next_header(archive, &entry)
            if status == ENGINE_ARCHIVE_EOF { break }
            if status < ENGINE_ARCHIVE_WARN || entry == nil { throw EngineError(.corrupt, "\(what): \(archiveError(archive))") }
            let name = engine_archive_entry_pathname(entry).map { String(cString: $0) } ?? ""
            let path = try TarUnpacker.components(of: name, what: what).joined(separator: "/")
            if let hard = engine_archive_entry_hardlink(entry).map({ String(cString: $0) }) {
                members.links[path] = try TarUnpacker.components(of: hard, what: what).joined(separator: "/")
                continue
            }
            switch engine_archive_entry_filetype(entry) & 0o170000 {
            case 0o100000:
                count += 1
                let staged = staging.newPath("member\(count)")
                let fd = Glibc.open(staged, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
                if fd < 0 { throw EngineError.system("create \(staged)", errno) }
                defer { close(fd) }
                let status = engine_archive_read_data_into_fd(archive, fd)
                if status < ENGINE_ARCHIVE_WARN { throw EngineError(.corrupt, "\(what): \(name): \(archiveError(archive))") }
                members.files[path] = staged
            case 0o120000:
                let target = engine_archive_entry_symlink(entry).map { String(cString: $0) } ?? ""
                guard !target.hasPrefix("/") else { throw EngineError(.invalidArgument, "\(what): link \(name) points outside the archive") }
                let base = path.split(separator: "/").dropLast().joined(separator: "/")
                members.links[path] = try ArchiveMembers.resolve((base.isEmpty ? "" : base + "/") + target, what: what)
            default:
                continue
            }
        }
        return members
    }

    private init(what: String) { self.what = what }

    /// Lexically resolves `..` inside the archive; climbing above its root
    /// is refused.
    static func resolve(_ path: String, what: String) throws -> String {
        var parts: [Substring] = []
        for part in path.split(separator: "/") where part != "." {
            if part == ".." {
                guard !parts.isEmpty else { throw EngineError(.invalidArgument, "\(what): link \(path.debugDescription) points outside the archive") }
                parts.removeLast()
            } else {
                parts.append(part)
            }
        }
        return parts.joined(separator: "/")
    }

    private func staged(_ member: String) throws -> String {
        var path = try TarUnpacker.components(of: member, what: what).joined(separator: "/")
        for _ in 0..<16 {
            if let file = files[path] { return file }
            guard let next = links[path] else { break }
            path = next
        }
        throw EngineError(.corrupt, "\(what): archive has no member \(member.debugDescription)")
    }

    func has(_ member: String) -> Bool { (try? staged(member)) != nil }

    func read(_ member: String) throws -> Data { try FileSystem.readFile(staged(member)) }

    func open(_ member: String) throws -> Int32 {
        let path = try staged(member)
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw EngineError.system("open \(path)", errno) }
        return fd
    }
}
