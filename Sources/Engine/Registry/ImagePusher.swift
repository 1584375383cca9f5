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

    private func upload(_ image: StoredImage, to reference: ImageReference) throws -> Digest {
        let manifest: ImageManifest
        do { manifest = try JSONDecoder().decode(ImageManifest.self, from: image.record.manifest) } catch {
            throw EngineError(.corrupt, "image \(image.shortID): unreadable manifest: \(error)")
        }
        let client = try RegistryClient(registry: reference.domain, repository: reference.repository, options: options.registry)
        let transfer = try CurlTransfer()
        let scope = "repository:\(reference.path):pull,push"
        report("Getting image source signatures")
        for layer in manifest.layers {
            try uploadBlob(layer, client: client, reference: reference, scope: scope, transfer: transfer)
            report("Copying blob \(layer.digest)")
        }
        try uploadBlob(manifest.config, client: client, reference: reference, scope: scope, transfer: transfer)
        report("Copying config \(manifest.config.digest)")
        report("Writing manifest to image destination")
        let tag = reference.tag ?? "latest"
        let path = "/v2/\(reference.path)/manifests/\(tag)"
        let mediaType = manifest.mediaType ?? MediaType.ociManifest
        let response = try sendMapped(client, { HTTPRequest(.put, $0 + path, headers: ["Content-Type: " + mediaType], body: image.record.manifest) },
                                      scope: scope, transfer: transfer, reference: reference)
        guard response.status == 201 || response.status == 200 else {
            throw failure("writing manifest", response)
        }
        let digest = Digest.of(image.record.manifest)
        if let digestFile = options.digestFile {
            try FileSystem.writeFileAtomically(digestFile, Data(digest.description.utf8))
        }
        report("Storing signatures")
        return digest
    }

    private func uploadBlob(_ descriptor: Descriptor, client: RegistryClient, reference: ImageReference, scope: String,
                            transfer: CurlTransfer) throws {
        let blobPath = "/v2/\(reference.path)/blobs/\(descriptor.digest)"
        let exists = try sendMapped(client, { HTTPRequest(.head, $0 + blobPath) }, scope: scope, transfer: transfer, reference: reference)
        if exists.status == 200 { return }
        let file = store.blobs.path(descriptor.digest)
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
    }

    private func sendMapped(_ client: RegistryClient, _ build: (String) -> HTTPRequest, scope: String, transfer: CurlTransfer,
                            reference: ImageReference) throws -> HTTPResponse {
        do { return try client.send(build, scope: scope, transfer: transfer) } catch let error as TransportError {
            throw RegistryError.unreachable(reference.domain, error)
        }
    }

    private func failure(_ action: String, _ response: HTTPResponse) -> EngineError {
        if response.status == 401 || response.status == 403 {
            return EngineError(.invalidArgument, "\(action): \(response.status == 401 ? "unauthorized: authentication required" : response.registryMessage)")
        }
        return RegistryError.unexpected(action, response)
    }
}
