#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// What `commit` asks for besides the container and the new name.
public struct CommitOptions: Sendable {
    public var author: String?
    public var message: String?
    /// `-c/--change` instructions (Dockerfile syntax), applied last.
    public var changes: [String] = []
    /// Freeze a running container while its layer is read.
    public var pause = false
    public var report: (@Sendable (String) -> Void)?

    public init() {}
}

extension ContainerManager {
    /// `commit`: a new image, the container's image plus one layer holding
    /// what the container changed (additions and changes from its overlay
    /// upper directory, deletions as OCI whiteouts), its configuration the
    /// container's (command, entrypoint, environment, working directory,
    /// user, labels) with `--change` applied. Files berth bound into the
    /// container (/etc/hosts, /etc/resolv.conf, /etc/hostname,
    /// /run/.containerenv, secrets) are left out: only their empty mount
    /// points are in the layer, and secrets never are. Returns the image ID.
    public func commit(_ nameOrID: String, reference: String?, options: CommitOptions) throws -> String {
        let c = try load(nameOrID)
        guard store.driver == .overlay else {
            throw EngineError.invalid("commit is not supported on the vfs storage driver yet: the container's layer is a full copy of its image")
        }
        guard let layer = c.record.layerId, let imageId = c.record.imageId else {
            throw EngineError.invalid("container \(c.id) has no image layer to commit")
        }
        let names = try reference.map { [try ImageReference.parseLocal($0).description] } ?? []
        let changes = try options.changes.map(ImageChange.init(parsing:))
        let image = try store.images.resolve(imageId)
        var paused = false
        if options.pause && c.state.status == .running {
            _ = try pause(c.id)
            paused = true
        }
        defer {
            if paused {
                do { _ = try unpause(c.id) } catch { EngineLog.warn("cannot unpause container \(c.id) after commit: \(error)") }
            }
        }
        let staging = try store.beginStaging()
        defer { staging.finish() }

        // Mount points of what berth binds in: never part of the image.
        var excluded: Set<String> = ["/etc/hosts", "/etc/hostname", "/etc/resolv.conf", "/run/.containerenv", "/run/notify", "/run/secrets"]
        for secret in c.config.secrets ?? [] where secret.kind == .mount { excluded.insert(secret.target) }
        for mount in c.config.mounts { excluded.insert(mount.destination) }
        func isExcluded(_ path: String) -> Bool {
            excluded.contains { path == $0 || path.hasPrefix($0 + "/") }
        }
        let whiteoutRoot = staging.newPath("whiteouts")
        try FileSystem.makeDirectories(whiteoutRoot)
        var files: [String] = [], whiteouts: [String] = []
        for change in try self.changes(c.id) where !isExcluded(change.path) {
            let relative = String(change.path.drop { $0 == "/" })
            guard change.kind == .deleted else { files.append(relative); continue }
            let parent = (relative as NSString).deletingLastPathComponent
            let entry = (parent.isEmpty ? "" : parent + "/") + ".wh." + (relative as NSString).lastPathComponent
            try FileSystem.makeDirectories(whiteoutRoot + "/" + parent)
            try FileSystem.writeFileAtomically(whiteoutRoot + "/" + entry, Data())
            whiteouts.append(entry)
        }
        let fileList = staging.newPath("files"), whiteoutList = staging.newPath("whiteouts-list")
        try FileSystem.writeFileAtomically(fileList, Data(files.map { $0 + "\0" }.joined().utf8))
        try FileSystem.writeFileAtomically(whiteoutList, Data(whiteouts.map { $0 + "\0" }.joined().utf8))

        options.report?("Getting image source signatures")
        let (staged, status) = try readingTar(["--xattrs", "--xattrs-exclude=trusted.overlay.*", "--no-recursion", "--null", "--verbatim-files-from",
                                               "-cf", "-", "-C", store.layers.diffPath(layer), "-T", fileList, "-C", whiteoutRoot, "-T", whiteoutList]) { fd in
            try store.layers.stage(input: fd, parent: image.record.topLayer, parentChain: [], blobs: store.blobs,
                                   staging: staging, what: "the changes of container \(c.id)")
        }
        guard status == 0 else { throw EngineError(.system, "cannot commit container \(c.id): tar exited with status \(status)") }
        options.report?("Copying blob \(staged.unpacked.diffID)")

        var imageConfig = try image.decodedConfig()
        var config = imageConfig.config ?? ContainerConfig()
        config.env = c.config.env
        config.entrypoint = c.config.entrypoint.isEmpty ? nil : c.config.entrypoint
        config.cmd = c.config.command.isEmpty ? nil : c.config.command
        config.workingDir = c.config.workingDir
        if !c.config.user.isEmpty { config.user = c.config.user }
        config.labels = c.config.labels.isEmpty ? nil : c.config.labels
        for change in changes { change.apply(to: &config) }
        let now = Timestamp.now()
        imageConfig.config = config
        imageConfig.created = Timestamp.rfc3339(now)
        imageConfig.author = options.author ?? imageConfig.author
        imageConfig.rootfs.diffIDs.append(staged.unpacked.diffID.description)
        imageConfig.history = (imageConfig.history ?? []) + [
            ImageConfig.History(created: imageConfig.created, createdBy: c.config.args.joined(separator: " "),
                                author: options.author, comment: options.message, emptyLayer: nil),
        ]
        let configData = try JSONCoding.encoder(pretty: false).encode(imageConfig)
        let manifest: ImageManifest
        do { manifest = try JSONDecoder().decode(ImageManifest.self, from: image.record.manifest) } catch {
            throw EngineError(.corrupt, "image \(image.shortID): unreadable manifest: \(error)")
        }
        let descriptors = manifest.layers + [Descriptor(mediaType: MediaType.ociLayer, digest: staged.unpacked.diffID, size: staged.unpacked.tarSize)]
        options.report?("Copying config \(Digest.of(configData))")
        options.report?("Writing manifest to image destination")
        return try store.images.commit(config: configData, layers: [staged], existingTop: image.record.topLayer,
                                       layerDescriptors: descriptors, names: names, created: now, staging: staging)
    }
}
