extension ContainerManager {
    /// Creates a container from a spec: resolves its image (no pull yet),
    /// merges the two into the stored configuration, records it.
    package func create(_ spec: ContainerSpec) throws -> Container {
        let image: StoredImage
        do {
            image = try store.images.resolve(spec.image)
        } catch let error as EngineError where error.kind == .notFound {
            if spec.pull == .always || spec.pull == .newer {
                throw EngineError(.notFound, "\(spec.image): pulling images is not supported yet (use berth load or berth import)")
            }
            throw EngineError(.notFound, "\(spec.image): image not known")
        }
        var config = try spec.configuration(image: image)
        if var networks = config.networks {
            // Stored by name; an unknown network is refused before any record exists.
            var choice = ContainerNetworkChoice(mode: config.network.description, networks: networks)
            try choice.settleNames(NetworkStore(store: store))
            networks = choice.networks
            config.networks = networks
        }
        if config.runtime == nil { config.runtime = runtimeOverride }
        return try create(name: spec.name, config: config, replace: spec.replace)
    }
}
