import GRDB

extension ImageStore {
    /// The image's layer chain, base first, as `image tree` prints it.
    public func tree(_ reference: String) throws -> ImageTree {
        try store.database.read { db in
            let image = try resolve(reference, db)
            let chain = try image.record.topLayer.map { try store.layers.chain($0, db: db) } ?? []
            var topOf: [String: [String]] = [:]
            for other in try list(db) {
                if let top = other.record.topLayer { topOf[top, default: []] += other.names }
            }
            let layers = chain.reversed().map { layer in
                ImageTree.Layer(id: layer.id, size: layer.size, topLayerOf: topOf[layer.id] ?? [])
            }
            return ImageTree(id: image.id, names: image.names, size: image.record.size, layers: layers)
        }
    }
}
