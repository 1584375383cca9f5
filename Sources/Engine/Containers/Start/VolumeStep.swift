import GRDB

/// A named volume the container uses: one more user in the volume's mount
/// count (the first one mounts `type=`/`device=` and image volumes).
enum VolumeStep: StartStep {
    /// Mounts the volume and records it in one transaction: where it is,
    /// and whether this first use copies the image's content into it.
    static func take(_ name: String, for c: inout Container, manager: ContainerManager) throws -> (path: String, needsCopyUp: Bool) {
        var next = c
        next.state.held.append(HeldResource(.volume, name: name))
        let mounted = try manager.store.mutate { db in
            let mounted = try manager.store.volumes.mount(name, db: db)
            try manager.save(next, db: db)
            return mounted
        }
        c = next
        return mounted
    }

    static func release(_ resource: HeldResource, of c: Container, manager: ContainerManager,
                        forget: (Database) throws -> Void) throws {
        try manager.store.database.write { db in
            // A volume removed with `volume rm -f` meanwhile has nothing left to count.
            if let name = resource.name, try VolumeRecord.fetchOne(db, key: name) != nil {
                try manager.store.volumes.unmount(name, db: db)
            }
            try forget(db)
        }
    }

    static var outlivesBoot: Bool { false }
}
