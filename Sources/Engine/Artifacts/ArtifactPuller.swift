#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// `artifact pull`: fetches an OCI artifact's manifest and blobs (any
/// media types: no image config is read, no layer unpacked) through the
/// registry client, with registries.conf (short names, mirrors,
/// `insecure`, `blocked`) and policy.json as `pull` reads them. Blobs are
/// verified against digest and size in staging; the artifact is recorded
/// all or nothing.
public struct ArtifactPuller {
    public let store: Store
    public let options: PullOptions

    public init(store: Store, options: PullOptions) {
        self.store = store
        self.options = options
    }

    static let manifestTypes = [MediaType.ociManifest, MediaType.dockerManifest, MediaType.ociIndex, MediaType.dockerManifestList]

    /// Pulls `name`; the manifest digest.
    @discardableResult
    public func pull(_ name: String) throws -> Digest {
        let (reference, sources) = try options.sources(for: name, runRoot: store.runRoot)
        var failure: EngineError?
        for (source, registry) in sources {
            do {
                return try fetch(source, name: reference.description, registry: registry)
            } catch let error as EngineError {
                failure = failure ?? EngineError(error.kind, "initializing source docker://\(reference.description): \(error.message)", exitCode: error.exitCode)
            }
        }
        throw failure!
    }

    private func report(_ line: String) { options.report?(line) }

    private func fetch(_ reference: ImageReference, name: String, registry: RegistryOptions) throws -> Digest {
        let client = try RegistryClient(registry: reference.domain, repository: reference.repository, options: registry)
        let transfer = try CurlTransfer()
        let scope = "repository:\(reference.path):pull"
        let manifestData = try fetchManifest(reference, client: client, scope: scope, transfer: transfer)
        let manifest = try ArtifactManifest.decode(manifestData, what: reference.description)
        report("Getting image source signatures")
        let artifacts = store.artifacts
        let missing = manifest.layers.filter { !artifacts.blobs.has($0.digest) }
        for layer in manifest.layers where artifacts.blobs.has(layer.digest) { options.events.send(.blob, layer, .skipped) }
        let staging = try store.beginStaging()
        defer { staging.finish() }
        let fetcher = BlobFetcher(client: client, reference: reference, scope: scope)
        var staged: [Digest: String] = [:]
        let files = missing.map { _ in staging.newPath("artifact-blob") }
        try fetcher.fetchConcurrently(missing, to: files, events: options.events)
        for (layer, file) in zip(missing, files) { staged[layer.digest] = file }
        if !artifacts.blobs.has(manifest.config.digest), staged[manifest.config.digest] == nil {
            let path = staging.newPath("artifact-config")
            try fetcher.fetch(manifest.config, to: path, transfer: transfer)
            staged[manifest.config.digest] = path
        }
        options.events.send(.config, manifest.config, .done)
        report("Writing manifest to image destination")
        let digest = try artifacts.commit(name: name, manifestData: manifestData, staged: staged)
        report("Storing signatures")
        return digest
    }

    /// The artifact's manifest, verified against the digest it was asked by.
    private func fetchManifest(_ reference: ImageReference, client: RegistryClient, scope: String, transfer: CurlTransfer) throws -> Data {
        let tagOrDigest = reference.digest?.description ?? reference.tag ?? "latest"
        let path = "/v2/\(reference.path)/manifests/\(tagOrDigest)"
        let accept = "Accept: " + ArtifactPuller.manifestTypes.joined(separator: ", ")
        let response: HTTPResponse
        do { response = try client.send({ HTTPRequest(.get, $0 + path, headers: [accept]) }, scope: scope, transfer: transfer) } catch let error as TransportError {
            throw RegistryError.unreachable(reference.domain, error)
        }
        let what = "reading manifest \(tagOrDigest) in \(reference.repository)"
        guard response.status == 200 else {
            if response.status == 401 { throw EngineError(.invalidArgument, "\(what): unauthorized: authentication required") }
            if response.status == 404 && response.registryErrorCode == nil { throw EngineError(.notFound, "\(what): manifest unknown") }
            throw EngineError(response.status == 404 ? .notFound : .system, "\(what): \(response.registryMessage)")
        }
        if let expected = reference.digest, Digest.of(response.body) != expected {
            throw EngineError(.corrupt, "\(what): manifest digest \(Digest.of(response.body)) does not match \(expected)")
        }
        struct Typed: Decodable { var mediaType: String? }
        var mediaType = response.header("content-type").map { String($0.split(separator: ";")[0]).trimmingCharacters(in: .whitespaces) } ?? ""
        if !ArtifactPuller.manifestTypes.contains(mediaType), let declared = (try? JSONDecoder().decode(Typed.self, from: response.body))?.mediaType {
            mediaType = declared
        }
        guard mediaType == MediaType.ociManifest || mediaType == MediaType.dockerManifest else {
            throw EngineError(.invalidArgument, "\(what): unsupported manifest type \(mediaType) for an artifact (an image index is not an artifact)")
        }
        return response.body
    }
}
