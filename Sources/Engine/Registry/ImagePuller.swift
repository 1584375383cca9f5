#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// `berth pull`: fetches an image from a registry into the store. The
/// manifest (and a manifest list's entry for the platform) and every blob
/// are verified against their digests and sizes; blobs go to a staging
/// area, layers download concurrently, and the image is recorded the way
/// `load` records one (same layers, config and names), all or nothing.
public struct ImagePuller {
    public let store: Store
    public let options: PullOptions

    public init(store: Store, options: PullOptions) {
        self.store = store
        self.options = options
    }

    static let manifestTypes = [MediaType.ociIndex, MediaType.dockerManifestList, MediaType.ociManifest, MediaType.dockerManifest]

    /// Pulls `name` per the policy; returns the image's ID. Short names
    /// and registry locations, mirrors, `insecure` and `blocked` come from
    /// registries.conf.
    public func pull(_ name: String) throws -> String {
        for transport in ["docker-archive", "oci-archive"] where name.hasPrefix(transport + ":") {
            return try pullArchive(String(name.dropFirst(transport.count + 1)), transport: transport)
        }
        switch options.policy {
        case .missing, .never:
            if let image = try localImage(name) { return image.id }
            if options.policy == .never {
                throw EngineError.notFound("\(name): image not known")
            }
        case .always, .newer:
            break
        }
        let (reference, sources) = try sources(for: name)
        report("Trying to pull \(reference.description)...")
        var failure: EngineError?
        for (source, registry) in sources {
            do {
                return store.events.pulled(try fetch(source, names: [reference.description], registry: registry), name: reference.description)
            } catch let error as EngineError {
                failure = failure ?? EngineError(error.kind, "initializing source docker://\(reference.description): \(error.message)", exitCode: error.exitCode)
            }
        }
        throw failure!
    }

    /// `pull docker-archive:PATH` / `oci-archive:PATH` (a `.image` unit's
    /// `Image=` may name one, with `ImageTag=` for the name it carries):
    /// loaded as `load` does; the ID of its first image.
    private func pullArchive(_ path: String, transport: String) throws -> String {
        try SignaturePolicy.load(explicit: options.signaturePolicy).check(transport: transport, path: path)
        report("Getting image source signatures")
        guard let first = try store.images.load(path: path).first else {
            throw EngineError(.corrupt, "\(transport):\(path): the archive holds no image")
        }
        report("Writing manifest to image destination")
        report("Storing signatures")
        return try store.images.resolve(first).id
    }

    private func sources(for name: String) throws -> (ImageReference, [(ImageReference, RegistryOptions)]) {
        try options.sources(for: name, runRoot: store.runRoot)
    }

    /// The local image `name` names; nil only when there is none.
    private func localImage(_ name: String) throws -> StoredImage? {
        do { return try store.images.resolve(name) } catch let error as EngineError where error.kind == .notFound {
            return nil
        }
    }

    private func report(_ line: String) { options.report?(line) }

    /// Fetches `reference` (where the image is served from) and records it
    /// under `names` (what it was asked for).
    private func fetch(_ reference: ImageReference, names: [String], registry: RegistryOptions) throws -> String {
        let client = try RegistryClient(registry: reference.domain, repository: reference.repository, options: registry)
        let transfer = try CurlTransfer()
        let scope = "repository:\(reference.path):pull"
        let manifest = try imageManifest(reference, client: client, scope: scope, transfer: transfer)
        report("Getting image source signatures")
        let id = manifest.config.digest.hex
        if let existing = try store.database.read({ db in try ImageRecord.fetchOne(db, sql: "SELECT * FROM image WHERE id = ?", arguments: [id]) }) {
            for layer in manifest.layers { options.events.send(.blob, layer, .skipped) }
            options.events.send(.config, manifest.config, .done)
            report("Writing manifest to image destination")
            try store.database.write { db in try store.images.addNames(names, to: existing.id, db) }
            report("Storing signatures")
            return existing.id
        }

        let staging = try store.beginStaging()
        defer { staging.finish() }
        let fetcher = BlobFetcher(client: client, reference: reference, scope: scope)
        let configPath = staging.newPath("config")
        try fetcher.fetch(manifest.config, to: configPath, transfer: transfer)
        let configData = try FileSystem.readFile(configPath)
        let config: ImageConfig
        do { config = try JSONDecoder().decode(ImageConfig.self, from: configData) } catch {
            throw EngineError(.corrupt, "reading config \(manifest.config.digest) of \(reference.description): \(error)")
        }
        let diffIDs = try config.rootfs.diffIDs.map { try Digest(parsing: $0) }
        guard diffIDs.count == manifest.layers.count else {
            throw EngineError(.corrupt, "\(reference.description): the config lists \(diffIDs.count) layers, the manifest \(manifest.layers.count)")
        }
        for layer in manifest.layers where !LayerMediaType.isSupported(layer.mediaType) {
            throw EngineError(.invalidArgument, "\(reference.description): layer \(layer.digest) has unsupported media type \(layer.mediaType)")
        }
        let stored = try storedLayerCount(diffIDs)
        for layer in manifest.layers.prefix(stored) { options.events.send(.blob, layer, .skipped) }
        let missing = Array(manifest.layers.dropFirst(stored))
        let files = missing.map { _ in staging.newPath("layer-blob") }
        try fetcher.fetchConcurrently(missing, to: files, events: options.events)
        options.events.send(.config, manifest.config, .done)
        report("Writing manifest to image destination")
        var sources: [() throws -> Int32] = manifest.layers.prefix(stored).map { layer in
            { throw EngineError(.corrupt, "layer \(layer.digest) was expected in the store") }
        }
        for path in files {
            sources.append {
                let fd = open(path, O_RDONLY | O_CLOEXEC)
                if fd < 0 { throw EngineError.system("open \(path)", errno) }
                return fd
            }
        }
        let imageID = try store.images.loadImage(configData: configData, layerSources: sources, names: names,
                                                 staging: staging, what: reference.description)
        report("Storing signatures")
        return imageID
    }

    /// The image manifest `reference` names for the platform (a manifest
    /// list's entry followed), verified against the digest it was asked by.
    private func imageManifest(_ reference: ImageReference, client: RegistryClient, scope: String, transfer: CurlTransfer) throws -> ImageManifest {
        let tagOrDigest = reference.digest?.description ?? reference.tag ?? "latest"

        var (manifestData, mediaType) = try fetchManifest(reference, tagOrDigest, expected: reference.digest, client: client, scope: scope, transfer: transfer)
        if mediaType == MediaType.ociIndex || mediaType == MediaType.dockerManifestList {
            let list: ManifestList
            do { list = try JSONDecoder().decode(ManifestList.self, from: manifestData) } catch {
                throw EngineError(.corrupt, "reading manifest list \(tagOrDigest) in \(reference.repository): \(error)")
            }
            guard let entry = list.entry(for: options.platform) else {
                throw EngineError(.notFound, "choosing an image from manifest list \(reference.description): no image found in manifest list for architecture \(options.platform.architecture), variant \(options.platform.variant.map { "\"\($0)\"" } ?? "\"\""), OS \(options.platform.os)")
            }
            (manifestData, mediaType) = try fetchManifest(reference, entry.digest.description, expected: entry.digest, client: client, scope: scope, transfer: transfer)
        }
        guard mediaType == MediaType.ociManifest || mediaType == MediaType.dockerManifest else {
            throw EngineError(.invalidArgument, "reading manifest \(tagOrDigest) in \(reference.repository): unsupported manifest type \(mediaType)")
        }
        let manifest: ImageManifest
        do { manifest = try JSONDecoder().decode(ImageManifest.self, from: manifestData) } catch {
            throw EngineError(.corrupt, "reading manifest \(tagOrDigest) in \(reference.repository): \(error)")
        }
        return manifest
    }

    /// The ID (config digest) of the image `name` names on its registry for
    /// the platform, without fetching any layer: what `auto-update`
    /// compares with the local image.
    public func remoteImageID(_ name: String) throws -> String {
        let (reference, sources) = try sources(for: name)
        var failure: EngineError?
        for (source, registry) in sources {
            do {
                let client = try RegistryClient(registry: source.domain, repository: source.repository, options: registry)
                let transfer = try CurlTransfer()
                return try imageManifest(source, client: client, scope: "repository:\(source.path):pull", transfer: transfer).config.digest.hex
            } catch let error as EngineError {
                failure = failure ?? EngineError(error.kind, "checking docker://\(reference.description) for an update: \(error.message)", exitCode: error.exitCode)
            }
        }
        throw failure!
    }

    /// Every tag of the repository `name` names (`pull --all-tags`), as
    /// references to pull one by one.
    public func allTags(_ name: String) throws -> [String] {
        let (reference, sources) = try sources(for: name)
        guard reference.digest == nil, !name.split(separator: "/").last!.contains(":") else {
            throw EngineError.invalid("tag can't be used with --all-tags/-a")
        }
        let (source, registry) = sources[sources.count - 1]
        let client = try RegistryClient(registry: source.domain, repository: source.repository, options: registry)
        let transfer = try CurlTransfer()
        let response: HTTPResponse
        do {
            response = try client.send({ HTTPRequest(.get, $0 + "/v2/\(source.path)/tags/list") }, scope: "repository:\(source.path):pull", transfer: transfer)
        } catch let error as TransportError {
            throw RegistryError.unreachable(source.domain, error)
        }
        guard response.status == 200 else { throw RegistryError.unexpected("listing tags of \(reference.repository)", response) }
        struct TagList: Decodable { var tags: [String]? }
        let list: TagList
        do { list = try JSONDecoder().decode(TagList.self, from: response.body) } catch {
            throw EngineError(.corrupt, "listing tags of \(reference.repository): \(error)")
        }
        return (list.tags ?? []).map { reference.repository + ":" + $0 }
    }

    /// How many of the image's layers, from the base up, the store has.
    private func storedLayerCount(_ diffIDs: [Digest]) throws -> Int {
        try store.database.read { db in
            var parent: Digest?
            for (index, diffID) in diffIDs.enumerated() {
                let chainID = Digest.chainID(parent: parent, diffID: diffID)
                if try String.fetchOne(db, sql: "SELECT id FROM layer WHERE id = ?", arguments: [chainID.hex]) == nil { return index }
                parent = chainID
            }
            return diffIDs.count
        }
    }

    private func fetchManifest(_ reference: ImageReference, _ tagOrDigest: String, expected: Digest?, client: RegistryClient,
                               scope: String, transfer: CurlTransfer) throws -> (Data, String) {
        let path = "/v2/\(reference.path)/manifests/\(tagOrDigest)"
        let accept = "Accept: " + ImagePuller.manifestTypes.joined(separator: ", ")
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
        if let expected, Digest.of(response.body) != expected {
            throw EngineError(.corrupt, "\(what): manifest digest \(Digest.of(response.body)) does not match \(expected)")
        }
        struct Typed: Decodable { var mediaType: String? }
        var mediaType = response.header("content-type").map { String($0.split(separator: ";")[0]).trimmingCharacters(in: .whitespaces) } ?? ""
        if !ImagePuller.manifestTypes.contains(mediaType), let declared = (try? JSONDecoder().decode(Typed.self, from: response.body))?.mediaType {
            mediaType = declared
        }
        return (response.body, mediaType)
    }
}
