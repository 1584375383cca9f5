#if canImport(Glibc)
import Glibc
#endif
import Crypto
import Foundation

extension ArtifactStore {
    /// `artifact add NAME FILE...`: a local artifact of the files, one
    /// layer each, titled by the file's base name; its manifest digest.
    /// The name, the files and the annotations are checked before
    /// anything is written.
    public func add(_ name: String, files: [String], options: ArtifactAddOptions) throws -> Digest {
        if options.append && options.replace {
            throw EngineError.invalid("--append and --replace options cannot be used together")
        }
        if options.append && options.artifactType != nil {
            throw EngineError.invalid("--append option cannot be used with the --type option")
        }
        let reference = try ArtifactStore.normalize(name)
        guard !files.isEmpty else { throw EngineError.invalid("artifact add requires at least one file") }
        for key in options.annotations.keys where key == ArtifactManifest.titleAnnotation {
            throw EngineError.invalid("cannot set \(key) annotation: it is set from the file name")
        }
        var existing: Artifact?
        var replaced: Artifact?
        if let found = try? resolveExact(reference.description) {
            if options.replace {
                replaced = found
            } else if options.append {
                existing = found
            } else {
                throw EngineError(.conflict, "\(reference.description): artifact already exists")
            }
        } else if options.append {
            throw EngineError.notFound("\(reference.description): artifact does not exist")
        }
        var titles = Set(existing?.manifest.layers.compactMap { $0.annotations?[ArtifactManifest.titleAnnotation] } ?? [])
        for file in files {
            let title = (file as NSString).lastPathComponent
            guard FileSystem.exists(file), !FileSystem.isDirectory(file) else {
                throw EngineError.notFound("\(file): no such file (artifact add takes regular files)")
            }
            guard titles.insert(title).inserted else {
                throw EngineError(.conflict, "\(reference.description): file \(title) already exists in the artifact")
            }
        }

        let staging = try store.beginStaging()
        defer { staging.finish() }
        var staged: [Digest: String] = [:]
        var layers = existing?.manifest.layers ?? []
        for file in files {
            let path = staging.newPath("artifact-blob")
            let (digest, size, head) = try ArtifactStore.copyHashing(file, to: path)
            staged[digest] = path
            var annotations = options.annotations
            annotations[ArtifactManifest.titleAnnotation] = (file as NSString).lastPathComponent
            layers.append(Descriptor(mediaType: options.fileType ?? ArtifactStore.detectMediaType(head), digest: digest, size: size,
                                     annotations: annotations))
        }
        var manifest = existing?.manifest ?? ArtifactManifest(artifactType: options.artifactType, layers: [])
        manifest.layers = layers
        if existing == nil {
            manifest.annotations = [ArtifactManifest.createdAnnotation: Timestamp.rfc3339(Timestamp.now())]
        }
        if !blobs.has(manifest.config.digest), manifest.config.digest == Digest.of(ArtifactManifest.emptyConfigData) {
            let path = staging.newPath("artifact-config")
            try FileSystem.writeFileAtomically(path, ArtifactManifest.emptyConfigData, mode: 0o600)
            staged[manifest.config.digest] = path
        }
        let data = try JSONCoding.encoder(pretty: false).encode(manifest)
        return try commit(name: reference.description, manifestData: data, staged: staged,
                          previous: (existing ?? replaced).map { .digest($0.record.digest) } ?? .none)
    }

    /// The artifact recorded under exactly `name`.
    func resolveExact(_ name: String) throws -> Artifact {
        guard let found = try list().first(where: { $0.name == name }) else {
            throw EngineError.notFound("\(name): artifact does not exist")
        }
        return found
    }

    /// Copies `source` to `destination` in chunks; its digest, size and first bytes.
    static func copyHashing(_ source: String, to destination: String) throws -> (Digest, Int64, Data) {
        let input = open(source, O_RDONLY | O_CLOEXEC)
        if input < 0 { throw EngineError.system("open \(source)", errno) }
        defer { close(input) }
        let output = open(destination, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        if output < 0 { throw EngineError.system("create \(destination)", errno) }
        defer { close(output) }
        var hasher = SHA256()
        var size: Int64 = 0
        var head = Data()
        var buffer = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(input, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw EngineError.system("read \(source)", errno)
            }
            if count == 0 { break }
            try buffer.withUnsafeBytes { bytes in
                let chunk = UnsafeRawBufferPointer(rebasing: bytes[0..<count])
                try FileSystem.writeAll(output, chunk, path: destination)
                hasher.update(bufferPointer: chunk)
            }
            if head.count < 512 { head.append(contentsOf: buffer[0..<min(count, 512 - head.count)]) }
            size += Int64(count)
        }
        return (Digest(hasher: hasher), size, head)
    }

    /// A media type from a file's first bytes, as Podman detects one when
    /// `--file-type` is not given (Go's content sniffing, its common cases).
    static func detectMediaType(_ head: Data) -> String {
        let bytes = [UInt8](head)
        if bytes.starts(with: [0x1f, 0x8b, 0x08]) { return "application/x-gzip" }
        if bytes.starts(with: [0x50, 0x4b, 0x03, 0x04]) { return "application/zip" }
        if bytes.starts(with: [0x89, 0x50, 0x4e, 0x47]) { return "image/png" }
        if bytes.starts(with: [0x25, 0x50, 0x44, 0x46, 0x2d]) { return "application/pdf" }
        let allowed: Set<UInt8> = [0x09, 0x0a, 0x0c, 0x0d, 0x1b]
        let binary = bytes.contains { (byte: UInt8) -> Bool in byte < 0x20 && !allowed.contains(byte) }
        return binary ? "application/octet-stream" : "text/plain; charset=utf-8"
    }
}
