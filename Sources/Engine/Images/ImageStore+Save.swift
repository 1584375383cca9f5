#if canImport(Glibc)
import Glibc
#endif
import CShim
import Foundation

/// The archive formats `save` writes and `load` reads.
public enum ArchiveFormat: String, Sendable, CaseIterable {
    case dockerArchive = "docker-archive"
    case ociArchive = "oci-archive"
}

extension ImageStore {
    /// `berth save`: writes the images (with the names given, or all their
    /// names) to `output` ("-" is standard output) in `format`.
    /// `names` replaces the names recorded (`push docker-archive:PATH:NAME`).
    public func save(_ references: [String], format: ArchiveFormat, output: String, names override: [String]? = nil) throws {
        let images = try references.map { reference -> (StoredImage, [String]) in
            let image = try resolve(reference)
            if let override { return (image, override) }
            let asked = (try? ImageReference.parse(reference)).map(\.description)
            let names = asked.flatMap { image.names.contains($0) ? [$0] : nil } ?? image.names
            return (image, names)
        }
        let fd: Int32 = output == "-" ? dup(1) : open(output, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 { throw EngineError.system("cannot create \(output)", errno) }
        defer { Glibc.close(fd) }
        let writer = try TarWriter(fd: fd, what: output)
        var written = Set<String>()
        func add(_ name: String, blob digest: Digest) throws {
            guard written.insert(name).inserted else { return }
            try writer.addFile(name, path: store.blobs.path(digest))
        }
        switch format {
        case .dockerArchive:
            var entries: [DockerArchiveEntry] = []
            for (image, names) in images {
                let config = try image.decodedConfig()
                let configDigest = try Digest(hex: image.id)
                try add(image.id + ".json", blob: configDigest)
                var layers: [String] = []
                for diff in config.rootfs.diffIDs {
                    let digest = try Digest(parsing: diff)
                    try add(digest.hex + ".tar", blob: digest)
                    layers.append(digest.hex + ".tar")
                }
                entries.append(DockerArchiveEntry(config: image.id + ".json", repoTags: names.filter { !$0.contains("@") }, layers: layers))
            }
            try writer.addData("manifest.json", JSONCoding.encoder(pretty: false).encode(entries))
        case .ociArchive:
            try writer.addData("oci-layout", Data(#"{"imageLayoutVersion":"1.0.0"}"#.utf8))
            var descriptors: [Descriptor] = []
            for (image, names) in images {
                let manifest = try JSONDecoder().decode(ImageManifest.self, from: image.record.manifest)
                let manifestDigest = try Digest(parsing: image.record.digest)
                try add("blobs/sha256/" + manifest.config.digest.hex, blob: manifest.config.digest)
                for layer in manifest.layers { try add("blobs/sha256/" + layer.digest.hex, blob: layer.digest) }
                if written.insert("blobs/sha256/" + manifestDigest.hex).inserted {
                    try writer.addData("blobs/sha256/" + manifestDigest.hex, image.record.manifest)
                }
                let base = Descriptor(mediaType: manifest.mediaType ?? MediaType.ociManifest, digest: manifestDigest, size: Int64(image.record.manifest.count))
                if names.isEmpty { descriptors.append(base) }
                for name in names {
                    var named = base
                    named.annotations = ["org.opencontainers.image.ref.name": name]
                    descriptors.append(named)
                }
            }
            try writer.addData("index.json", JSONCoding.encoder(pretty: false).encode(ImageIndex(manifests: descriptors)))
        }
        try writer.close()
    }
}

extension ImageStore {
    /// `push oci:DIR[:NAME]`: the image in an OCI layout directory (made
    /// when missing, its other images kept); `name` replaces an entry of
    /// the index with that name.
    public func writeOCILayout(_ reference: String, directory: String, name: String?) throws {
        let image = try resolve(reference)
        let manifest: ImageManifest
        do { manifest = try JSONDecoder().decode(ImageManifest.self, from: image.record.manifest) } catch {
            throw EngineError(.corrupt, "image \(image.shortID): unreadable manifest: \(error)")
        }
        let blobs = directory + "/blobs/sha256"
        try FileSystem.makeDirectories(blobs, mode: 0o755)
        if !FileSystem.exists(directory + "/oci-layout") {
            try FileSystem.writeFileAtomically(directory + "/oci-layout", Data(#"{"imageLayoutVersion":"1.0.0"}"#.utf8))
        }
        for digest in [manifest.config.digest] + manifest.layers.map(\.digest) where !FileSystem.exists(blobs + "/" + digest.hex) {
            let temporary = blobs + "/.tmp-" + digest.hex
            try? FileManager.default.removeItem(atPath: temporary)
            do { try FileManager.default.copyItem(atPath: store.blobs.path(digest), toPath: temporary) } catch {
                throw EngineError(.system, "copying blob \(digest) to \(directory): \(error.localizedDescription)")
            }
            guard rename(temporary, blobs + "/" + digest.hex) == 0 else { throw EngineError.system("rename \(temporary)", errno) }
        }
        let manifestDigest = try Digest(parsing: image.record.digest)
        try FileSystem.writeFileAtomically(blobs + "/" + manifestDigest.hex, image.record.manifest)
        var index = ImageIndex(manifests: [])
        if let existing = try FileSystem.readFileIfPresent(directory + "/index.json") {
            do { index = try JSONDecoder().decode(ImageIndex.self, from: existing) } catch {
                throw EngineError(.corrupt, "\(directory)/index.json: \(error)")
            }
        }
        var entry = Descriptor(mediaType: manifest.mediaType ?? MediaType.ociManifest, digest: manifestDigest, size: Int64(image.record.manifest.count))
        if let name {
            entry.annotations = ["org.opencontainers.image.ref.name": name]
            index.manifests.removeAll { $0.annotations?["org.opencontainers.image.ref.name"] == name }
        } else {
            index.manifests.removeAll { $0.digest == manifestDigest && $0.annotations == nil }
        }
        index.manifests.append(entry)
        try FileSystem.writeFileAtomically(directory + "/index.json", JSONCoding.encoder(pretty: false).encode(index))
    }
}

/// Writes a tar (pax) stream with libarchive.
final class TarWriter {
    private let archive: OpaquePointer
    private let what: String
    private var closed = false

    init(fd: Int32, what: String) throws {
        guard let archive = engine_archive_write_new() else { throw EngineError(.system, "libarchive: out of memory") }
        self.archive = archive
        self.what = what
        engine_archive_write_set_format_pax_restricted(archive)
        engine_archive_write_set_bytes_in_last_block(archive, 1)
        if engine_archive_write_open_fd(archive, fd) != ENGINE_ARCHIVE_OK {
            defer { engine_archive_write_free(archive) }
            throw EngineError(.system, "\(what): \(archiveError(archive))")
        }
    }

    deinit {
        if !closed { engine_archive_write_free(archive) }
    }

    private func header(_ name: String, size: Int64) throws {
        guard let entry = engine_archive_entry_new() else { throw EngineError(.system, "libarchive: out of memory") }
        defer { engine_archive_entry_free(entry) }
        engine_archive_entry_set_pathname(entry, name)
        engine_archive_entry_set_size(entry, size)
        engine_archive_entry_set_filetype(entry, 0o100000)
        engine_archive_entry_set_perm(entry, 0o644)
        engine_archive_entry_set_mtime(entry, time(nil), 0)
        if engine_archive_write_header(archive, entry) != ENGINE_ARCHIVE_OK {
            throw EngineError(.system, "\(what): \(archiveError(archive))")
        }
    }

    func addData(_ name: String, _ data: Data) throws {
        try header(name, size: Int64(data.count))
        try data.withUnsafeBytes { buffer in
            if buffer.count > 0 && engine_archive_write_data(archive, buffer.baseAddress, buffer.count) < 0 {
                throw EngineError(.system, "\(what): \(archiveError(archive))")
            }
        }
    }

    func addFile(_ name: String, path: String) throws {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw EngineError(.corrupt, "blob \(path) is missing from the store") }
        defer { Glibc.close(fd) }
        var st = stat()
        fstat(fd, &st)
        try header(name, size: Int64(st.st_size))
        let buffer = UnsafeMutableRawPointer.allocate(byteCount: 1 << 17, alignment: 16)
        defer { buffer.deallocate() }
        while true {
            let n = read(fd, buffer, 1 << 17)
            if n < 0 { if errno == EINTR { continue }; throw EngineError.system("read \(path)", errno) }
            if n == 0 { break }
            if engine_archive_write_data(archive, buffer, n) < 0 { throw EngineError(.system, "\(what): \(archiveError(archive))") }
        }
    }

    func close() throws {
        closed = true
        let status = engine_archive_write_close(archive)
        engine_archive_write_free(archive)
        if status != ENGINE_ARCHIVE_OK { throw EngineError(.system, "\(what): cannot finish the archive") }
    }
}
