import GRDB

extension ImageStore {
    /// `image history`: the config's history newest first; each step that
    /// made a layer takes the next layer down for its size.
    public func history(_ reference: String) throws -> [ImageHistoryEntry] {
        try store.database.read { db in
            let image = try resolve(reference, db)
            let config = try image.decodedConfig()
            var layers = try image.record.topLayer.map { try store.layers.chain($0, db: db) } ?? []
            var entries: [ImageHistoryEntry] = []
            for (index, step) in (config.history ?? []).reversed().enumerated() {
                var size: Int64 = 0
                if step.emptyLayer != true, !layers.isEmpty { size = layers.removeFirst().size }
                entries.append(ImageHistoryEntry(
                    id: index == 0 ? image.id : "<missing>", created: step.created.flatMap(Timestamp.parse),
                    createdBy: step.createdBy ?? "", size: size, comment: step.comment ?? "",
                    tags: index == 0 ? image.names : []))
            }
            return entries
        }
    }
}
