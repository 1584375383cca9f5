extension ArtifactStore {
    /// `--mount type=artifact,src=NAME,dst=PATH[,title=T][,digest=D][,name=N]`
    /// (and Quadlet's `Mount=` of an `.artifact`) as read-only binds of the
    /// artifact's blob files, resolved when the container is created (a
    /// missing artifact fails the create, as in Podman). One blob: mounted
    /// as the file PATH (PATH ending in `/`: PATH/TITLE). Several: PATH is a
    /// directory holding each by its title (the digest, `:` as `-`, without
    /// one); `name=` names them NAME-0, NAME-1, ... Other mounts pass through.
    func resolveMounts(_ mounts: [ContainerMountSpec]) throws -> [ContainerMountSpec] {
        var resolved: [ContainerMountSpec] = []
        for mount in mounts {
            guard mount.kind == .artifact else {
                resolved.append(mount)
                continue
            }
            let artifact: Artifact
            do { artifact = try resolve(mount.source) } catch let error as EngineError where error.kind == .notFound {
                throw EngineError.notFound("artifact \(mount.source) for mount at \(mount.destination): not found")
            }
            var fields: [String: String] = [:]
            for option in mount.options {
                let kv = option.split(separator: "=", maxSplits: 1).map(String.init)
                guard kv.count == 2, ["title", "digest", "name"].contains(kv[0]) else {
                    if ["ro", "readonly", "rw"].contains(option) { continue }
                    throw EngineError.invalid("artifact mount of \(mount.source): unknown option \(option.debugDescription)")
                }
                fields[kv[0]] = kv[1]
            }
            var layers = artifact.manifest.layers
            if let digest = fields["digest"] { layers = layers.filter { $0.digest.description == digest || $0.digest.hex == digest } }
            if let title = fields["title"] { layers = layers.filter { $0.annotations?[ArtifactManifest.titleAnnotation] == title } }
            guard !layers.isEmpty else {
                throw EngineError.notFound("artifact \(artifact.name) has no blob to mount at \(mount.destination)")
            }
            let destination = mount.destination.hasSuffix("/") && mount.destination != "/" ? String(mount.destination.dropLast()) : mount.destination
            for (index, layer) in layers.enumerated() {
                let target: String
                if layers.count == 1 && !mount.destination.hasSuffix("/") {
                    target = destination
                } else if let name = fields["name"] {
                    target = destination + "/" + (layers.count == 1 ? name : "\(name)-\(index)")
                } else {
                    target = destination + "/" + (try ArtifactStore.fileName(layer))
                }
                guard blobs.has(layer.digest) else {
                    throw EngineError(.corrupt, "blob \(layer.digest) of artifact \(artifact.name) is missing from the artifact store")
                }
                resolved.append(ContainerMountSpec(kind: .bind, source: blobs.path(layer.digest), destination: target, options: ["bind", "ro"]))
            }
        }
        return resolved
    }
}
