import GRDB

extension StateDatabase {
    /// The schema, one migration per step. Never edit a shipped migration;
    /// append a new one (the container lifecycle adds its columns this way).
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-store") { db in
            try db.create(table: "meta") { t in
                t.primaryKey("key", .text)
                t.column("value", .text).notNull()
            }
            try db.create(table: "layer") { t in
                t.primaryKey("id", .text)
                t.column("parent", .text).indexed().references("layer", onDelete: .restrict)
                t.column("diffId", .text).indexed()
                t.column("size", .integer).notNull().defaults(to: 0)
                t.column("created", .double).notNull()
                t.column("mountCount", .integer).notNull().defaults(to: 0)
            }
            try db.create(table: "image") { t in
                t.primaryKey("id", .text)
                t.column("digest", .text).notNull()
                t.column("topLayer", .text).references("layer", onDelete: .restrict)
                t.column("created", .double).notNull()
                t.column("size", .integer).notNull()
                t.column("manifest", .blob).notNull()
                t.column("config", .blob).notNull()
            }
            try db.create(table: "imageName") { t in
                t.primaryKey("name", .text)
                t.column("imageId", .text).notNull().indexed().references("image", onDelete: .cascade)
                t.column("added", .double).notNull()
            }
            try db.create(table: "container") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull().unique()
                t.column("imageId", .text).indexed().references("image", onDelete: .restrict)
                t.column("layerId", .text).references("layer", onDelete: .restrict)
                t.column("created", .double).notNull()
                t.column("config", .blob)
            }
            try db.create(table: "volume") { t in
                t.primaryKey("name", .text)
                t.column("driver", .text).notNull()
                t.column("mountpoint", .text).notNull()
                t.column("created", .double).notNull()
                t.column("labels", .blob).notNull()
                t.column("options", .blob).notNull()
                t.column("uid", .integer)
                t.column("gid", .integer)
                t.column("imageId", .text).references("image", onDelete: .restrict)
                t.column("mountCount", .integer).notNull().defaults(to: 0)
                t.column("needsCopyUp", .boolean).notNull().defaults(to: true)
            }
        }
        // The container lifecycle's run state (Containers/ContainerRunState), as JSON.
        migrator.registerMigration("v2-container-state") { db in
            try db.alter(table: "container") { t in t.add(column: "state", .blob) }
        }
        // Pods (Pods/PodRecord): members point at their pod from their configuration.
        migrator.registerMigration("v3-pod") { db in
            try db.create(table: "pod") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull().unique()
                t.column("created", .double).notNull()
                t.column("infraId", .text).notNull()
                t.column("phase", .text).notNull()
                t.column("config", .blob).notNull()
            }
        }
        // `secret create`: the secrets' metadata (Secrets/SecretStore); their data is in files of mode 0600.
        migrator.registerMigration("v3-secrets") { db in
            try db.create(table: "secret") { t in
                t.primaryKey("id", .text)
                t.column("name", .text).notNull().unique()
                t.column("driver", .text).notNull()
                t.column("driverOptions", .blob).notNull()
                t.column("labels", .blob).notNull()
                t.column("created", .double).notNull()
                t.column("updated", .double).notNull()
            }
        }
        // The build cache (Build/BuildCache): a build step's resulting image
        // config by the step's key; a row goes with the layer it names.
        migrator.registerMigration("v3-build-cache") { db in
            try db.create(table: "buildCache") { t in
                t.primaryKey("key", .text)
                t.column("layerId", .text).indexed().references("layer", onDelete: .cascade)
                t.column("config", .blob).notNull()
                t.column("created", .double).notNull()
            }
        }
        // OCI artifacts (Artifacts/ArtifactRecord): the manifest as pulled
        // or made, by name; the blobs are files under artifacts/blobs.
        migrator.registerMigration("v4-artifacts") { db in
            try db.create(table: "artifact") { t in
                t.primaryKey("name", .text)
                t.column("digest", .text).notNull().indexed()
                t.column("manifest", .blob).notNull()
                t.column("created", .double).notNull()
            }
        }
        return migrator
    }
}
