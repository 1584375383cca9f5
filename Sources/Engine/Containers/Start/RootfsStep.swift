import GRDB

/// The container's root file system: a mount of its writable layer,
/// counted in the layer's record.
enum RootfsStep: StartStep {
    /// Mounts the root file system and records it in one transaction.
    static func take(_ c: inout Container, manager: ContainerManager) throws -> String {
        guard let layer = c.record.layerId else { throw EngineError.invalid("container \(c.id) has no root filesystem") }
        var next = c
        next.state.held.append(HeldResource(.rootfs))
        let path = try manager.store.database.write { db in
            let path = try manager.store.layers.mount(layer, db: db)
            try manager.save(next, db: db)
            return path
        }
        c = next
        return path
    }

    static func release(_ resource: HeldResource, of c: Container, manager: ContainerManager,
                        forget: (Database) throws -> Void) throws {
        try manager.store.database.write { db in
            if let layer = c.record.layerId, try LayerRecord.fetchOne(db, key: layer) != nil {
                _ = try manager.store.layers.unmount(layer, force: false, db: db)
            }
            try forget(db)
        }
    }

    static var outlivesBoot: Bool { false }
}
