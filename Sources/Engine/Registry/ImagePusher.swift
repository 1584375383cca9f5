import Foundation

/// `berth push`: uploads a stored image to a registry. Blobs the
/// repository has already (HEAD) are skipped; the others are uploaded
/// whole (POST for an upload session, then one PUT with the digest). The
/// layers go as the store keeps them (uncompressed tar, as `save` writes
/// them), and the manifest last, so the tag never names a partial image.
public struct ImagePusher {
    public let store: Store
    public let options: PushOptions

    public init(store: Store, options: PushOptions) {
        self.store = store
        self.options = options
    }

    /// Pushes `source` to `destination` (a reference, `docker://` optional;
    /// default: the source's own name). Returns the manifest digest.
    @discardableResult
    public func push(_ source: String, to destination: String?) throws -> Digest {
        let image = try store.images.resolve(source)
        if let destination, let archive = try ArchiveDestination(destination) {
            return try write(image, to: archive)
        }
        var target = destination ?? source
        if target.hasPrefix("docker://") { target.removeFirst("docker://".count) }
        let reference = try ImageReference.parse(target)
        guard reference.digest == nil else {
            throw EngineError.invalid("pushing to \(target): a destination cannot name a digest")
        }
        do {
            return try upload(image, to: reference)
        } catch let error as EngineError {
            throw EngineError(error.kind, "trying to reuse blob or push to docker://\(reference.description): \(error.message)", exitCode: error.exitCode)
        }
    }

    private func report(_ line: String) { options.report?(line) }

    /// `docker-archive:PATH[:NAME]`, `oci-archive:PATH[:NAME]`, `oci:DIR[:NAME]`.
    struct ArchiveDestination {
        enum Kind: String { case dockerArchive = "docker-archive", ociArchive = "oci-archive", ociLayout = "oci" }
        var kind: Kind
        var path: String
        var name: String?

        /// nil for a registry destination.
        init?(_ destination: String) throws {
            guard let colon = destination.firstIndex(of: ":"), let kind = Kind(rawValue: String(destination[..<colon])) else {
                let transport = destination.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
                if destination.contains(":"), ["dir", "containers-storage", "docker-daemon", "sif"].contains(transport) {
                    throw EngineError.invalid("destination \(destination.debugDescription): transport \(transport) is not supported (use docker://, docker-archive:, oci-archive: or oci:)")
                }
                return nil
            }
            let rest = destination[destination.index(after: colon)...]
            let parts = rest.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard let first = parts.first, !first.isEmpty else {
                throw EngineError.invalid("destination \(destination.debugDescription): no path given")
            }
            self.kind = kind
            path = String(first)
            name = parts.count > 1 && !parts[1].isEmpty ? String(parts[1]) : nil
        }
    }

    private func write(_ image: StoredImage, to destination: ArchiveDestination) throws -> Digest {
        if options.compression != nil {
            throw EngineError.invalid("--compression-format applies to registry destinations: \(destination.kind.rawValue): keeps the layers as the store has them (uncompressed)")
        }
        report("Getting image source signatures")
        let manifest: ImageManifest
        do { manifest = try JSONDecoder().decode(ImageManifest.self, from: image.record.manifest) } catch {
            throw EngineError(.corrupt, "image \(image.shortID): unreadable manifest: \(error)")
        }
        for layer in manifest.layers { options.events.send(.blob, layer, .done) }
        options.events.send(.config, manifest.config, .done)
        report("Writing manifest to image destination")
        switch destination.kind {
        case .dockerArchive:
            let names = try destination.name.map { [try ImageReference.parseLocal($0).description] } ?? image.names
            try store.images.save([image.id], format: .dockerArchive, output: destination.path, names: names)
        case .ociArchive: try store.images.save([image.id], format: .ociArchive, output: destination.path, names: destination.name.map { [$0] } ?? [])
        case .ociLayout: try store.images.writeOCILayout(image.id, directory: destination.path, name: destination.name)
        }
        let digest = try Digest(parsing: image.record.digest)
        if let digestFile = options.digestFile {
            try FileSystem.writeFileAtomically(digestFile, Data(digest.description.utf8))
        }
        report("Storing signatures")
        return digest
    }

    private func upload(_ image: StoredImage, to reference: ImageReference) throws -> Digest {
        let manifest: ImageManifest
        do { manifest = try JSONDecoder().decode(ImageManifest.self, from: image.record.manifest) } catch {
            throw EngineError(.corrupt, "image \(image.shortID): unreadable manifest: \(error)")
        }
        // registries.conf's entry for the destination: `insecure` (unless
        // --tls-verify was given) and `blocked`, as Podman's push reads them.
        var registry = options.registry
        if registry.plainHTTPNotes == nil { registry.plainHTTPNotes = store.runRoot + "/registry-plain-http" }
        if let entry = try RegistriesConfig.load().registry(for: reference.repository) {
            if entry.blocked == true {
                throw EngineError(.invalidArgument, "registry \(reference.domain) is blocked in registries.conf")
            }
            if registry.tls.verify == nil, entry.insecure == true { registry.tls.verify = false }
        }
        let client = try RegistryClient(registry: reference.domain, repository: reference.repository, options: registry)
        let transfer = try CurlTransfer()
        let scope = "repository:\(reference.path):pull,push"
        report("Getting image source signatures")
        var pushedManifest = manifest
        var manifestData = image.record.manifest
        var staging: StagingArea?
        defer { staging?.finish() }
        if let compression = options.compression {
            let area = try store.beginStaging()
            staging = area
            pushedManifest = ImageManifest(config: Descriptor(mediaType: MediaType.ociConfig, digest: manifest.config.digest, size: manifest.config.size),
                                           layers: [])
            for layer in manifest.layers {
                let file = area.newPath("layer-" + compression.rawValue)
                let compressed = try compression.compress(store.blobs.path(layer.digest), to: file)
                let sent = try uploadBlob(compressed, file: file, client: client, reference: reference, scope: scope, transfer: transfer)
                pushedManifest.layers.append(compressed)
                options.events.send(.blob, layer, sent ? .done : .skipped)
            }
            manifestData = try JSONCoding.encoder(pretty: false).encode(pushedManifest)
        } else {
            for layer in manifest.layers {
                let sent = try uploadBlob(layer, file: store.blobs.path(layer.digest), client: client, reference: reference, scope: scope, transfer: transfer)
                options.events.send(.blob, layer, sent ? .done : .skipped)
            }
        }
        try uploadBlob(manifest.config, file: store.blobs.path(manifest.config.digest), client: client, reference: reference, scope: scope, transfer: transfer)
        options.events.send(.config, manifest.config, .done)
        report("Writing manifest to image destination")
        let tag = reference.tag ?? "latest"
        let path = "/v2/\(reference.path)/manifests/\(tag)"
        let mediaType = pushedManifest.mediaType ?? MediaType.ociManifest
        let body = manifestData
        let response = try sendMapped(client, { HTTPRequest(.put, $0 + path, headers: ["Content-Type: " + mediaType], body: body) },
                                      scope: scope, transfer: transfer, reference: reference)
        guard response.status == 201 || response.status == 200 else {
            throw failure("writing manifest", response)
        }
        let digest = Digest.of(manifestData)
        if let digestFile = options.digestFile {
            try FileSystem.writeFileAtomically(digestFile, Data(digest.description.utf8))
        }
        report("Storing signatures")
        return digest
    }

    /// False when the repository had the blob already.
    @discardableResult
    func uploadBlob(_ descriptor: Descriptor, file: String, client: RegistryClient, reference: ImageReference, scope: String,
                            transfer: CurlTransfer) throws -> Bool {
        let blobPath = "/v2/\(reference.path)/blobs/\(descriptor.digest)"
        let exists = try sendMapped(client, { HTTPRequest(.head, $0 + blobPath) }, scope: scope, transfer: transfer, reference: reference)
        if exists.status == 200 { return false }
        guard FileSystem.exists(file) else {
            throw EngineError(.corrupt, "blob \(descriptor.digest) is missing from the store")
        }
        let start = try sendMapped(client, { HTTPRequest(.post, $0 + "/v2/\(reference.path)/blobs/uploads/") },
                                   scope: scope, transfer: transfer, reference: reference)
        guard start.status == 202, let location = start.header("location") else {
            throw failure("initiating upload of blob \(descriptor.digest)", start)
        }
        let put = try sendMapped(client, { base in
            let absolute = location.hasPrefix("http://") || location.hasPrefix("https://") ? location : base + location
            let separator = absolute.contains("?") ? "&" : "?"
            return HTTPRequest(.put, absolute + separator + "digest=" + descriptor.digest.description,
                               headers: ["Content-Type: application/octet-stream"], bodyFile: file)
        }, scope: scope, transfer: transfer, reference: reference)
        guard put.status == 201 || put.status == 204 else {
            throw failure("uploading blob \(descriptor.digest)", put)
        }
        return true
    }

    func sendMapped(_ client: RegistryClient, _ build: (String) -> HTTPRequest, scope: String, transfer: CurlTransfer,
                            reference: ImageReference) throws -> HTTPResponse {
        do { return try client.send(build, scope: scope, transfer: transfer) } catch let error as TransportError {
            throw RegistryError.unreachable(reference.domain, error)
        }
    }

    func failure(_ action: String, _ response: HTTPResponse) -> EngineError {
        if response.status == 401 || response.status == 403 {
            return EngineError(.invalidArgument, "\(action): \(response.status == 401 ? "unauthorized: authentication required" : response.registryMessage)")
        }
        return RegistryError.unexpected(action, response)
    }
}
