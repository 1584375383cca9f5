import Foundation

/// `artifact push`: uploads a local artifact's blobs (skipping those the
/// repository has) and then its manifest, byte for byte as stored, so the
/// registry serves the same digest. Uses `push`'s blob upload, and its
/// reading of registries.conf (`insecure`, `blocked`).
public struct ArtifactPusher {
    public let store: Store
    public let options: PushOptions

    public init(store: Store, options: PushOptions) {
        self.store = store
        self.options = options
    }

    /// Pushes the artifact `name` to `destination` (default: its own name); the manifest digest.
    @discardableResult
    public func push(_ name: String, to destination: String? = nil) throws -> Digest {
        let artifact = try store.artifacts.resolve(name)
        var target = destination ?? artifact.name
        if target.hasPrefix("docker://") { target.removeFirst("docker://".count) }
        let reference = try ArtifactStore.normalize(target)
        do {
            return try upload(artifact, to: reference)
        } catch let error as EngineError {
            throw EngineError(error.kind, "trying to reuse blob or push to docker://\(reference.description): \(error.message)", exitCode: error.exitCode)
        }
    }

    private func report(_ line: String) { options.report?(line) }

    private func upload(_ artifact: ArtifactStore.Artifact, to reference: ImageReference) throws -> Digest {
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
        let pusher = ImagePusher(store: store, options: options)
        let blobs = store.artifacts.blobs
        report("Getting image source signatures")
        for layer in artifact.manifest.layers {
            let sent = try pusher.uploadBlob(layer, file: blobs.path(layer.digest), client: client, reference: reference, scope: scope, transfer: transfer)
            options.events.send(.blob, layer, sent ? .done : .skipped)
        }
        let config = artifact.manifest.config
        try pusher.uploadBlob(config, file: blobs.path(config.digest), client: client, reference: reference, scope: scope, transfer: transfer)
        options.events.send(.config, config, .done)
        report("Writing manifest to image destination")
        let path = "/v2/\(reference.path)/manifests/\(reference.tag ?? "latest")"
        let body = artifact.record.manifest
        let mediaType = artifact.manifest.mediaType ?? MediaType.ociManifest
        let response = try pusher.sendMapped(client, { HTTPRequest(.put, $0 + path, headers: ["Content-Type: " + mediaType], body: body) },
                                             scope: scope, transfer: transfer, reference: reference)
        guard response.status == 201 || response.status == 200 else {
            throw pusher.failure("writing manifest", response)
        }
        let digest = Digest.of(body)
        if let digestFile = options.digestFile {
            try FileSystem.writeFileAtomically(digestFile, Data(digest.description.utf8))
        }
        report("Storing signatures")
        return digest
    }
}
