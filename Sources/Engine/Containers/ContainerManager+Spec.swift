extension ContainerManager {
    /// Creates a container from a spec: resolves its image (pulling it as
    /// `spec.pull` says, through `pull`), merges the two into the stored
    /// configuration, records it.
    package func create(_ spec: ContainerSpec, pull: PullOptions = PullOptions(), id: String? = nil) throws -> Container {
        var spec = spec
        // Before the image is looked up or pulled (with --rootfs, `image` is a path).
        try spec.checkSupported()
        // A pod's member joins the namespaces the pod shares (checked, and
        // the pod held, before anything is recorded).
        let pod = try spec.pod.map { try PodManager(store: store, runtimeOverride: runtimeOverride).prepareMember(&spec, pod: $0) }
        defer { pod?.lock.unlock() }
        let image = try image(for: spec, pull: pull)
        var config = try spec.configuration(image: image)
        if let pod {
            config.pod = pod.id
            if let hostname = pod.hostname { config.hostname = hostname }
        }
        try settleNamespaceTargets(&config)
        if var networks = config.networks {
            // Stored by name; an unknown network is refused before any record exists.
            var choice = ContainerNetworkChoice(mode: config.network.description, networks: networks)
            try choice.settleNames(NetworkStore(store: store))
            networks = choice.networks
            config.networks = networks
        }
        if let secrets = config.secrets {
            // Stored by ID, as in Podman; an unknown secret is refused before any record exists.
            config.secrets = try secrets.map { secret in
                guard secret.source == .store else { return secret }
                var resolved = secret
                resolved.id = try store.secrets.get(secret.name).id
                return resolved
            }
        }
        if config.runtime == nil { config.runtime = runtimeOverride }
        return try create(name: spec.name, config: config, replace: spec.replace, id: id)
    }

    /// The spec's image per its pull policy: a local image by that name is
    /// used as it is (missing, never) without touching the registry code;
    /// otherwise it is pulled.
    private func image(for spec: ContainerSpec, pull: PullOptions) throws -> StoredImage {
        if spec.pull == .missing || spec.pull == .never {
            do { return try store.images.resolve(spec.image) } catch let error as EngineError where error.kind == .notFound {
                if spec.pull == .never { throw EngineError(.notFound, "\(spec.image): image not known") }
            }
        }
        var options = pull
        options.policy = spec.pull
        let id = try ImagePuller(store: store, options: options).pull(spec.image)
        return try store.images.resolve(id)
    }
}
