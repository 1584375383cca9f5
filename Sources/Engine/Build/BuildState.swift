import Foundation
import GRDB

/// Where a build stands after a step: the image config so far and its
/// layers (stored ones, and staged ones not yet committed).
struct BuildState {
    var config: ImageConfig
    /// The config as encoded: its digest is the step's image id.
    var configData: Data
    var storedTop: String?
    var staged: [StagedLayer] = []

    var id: String { Digest.of(configData).hex }
    var topLayer: String? { staged.last?.id ?? storedTop }

    init(config: ImageConfig, configData: Data, storedTop: String?) {
        self.config = config
        self.configData = configData
        self.storedTop = storedTop
    }

    init(config: ImageConfig, storedTop: String?) throws {
        self.config = config
        configData = try JSONCoding.encoder(pretty: false).encode(config)
        self.storedTop = storedTop
    }

    mutating func setConfig(_ config: ImageConfig) throws {
        self.config = config
        configData = try JSONCoding.encoder(pretty: false).encode(config)
    }

    var containerConfig: ContainerConfig { config.config ?? ContainerConfig() }

    /// Layer directories for an overlay mount, topmost first.
    func lowers(_ store: Store) throws -> [String] {
        var dirs = staged.reversed().map { $0.directory + "/diff" }
        if let storedTop {
            dirs += try store.database.read { db in try store.layers.chain(storedTop, db: db) }.map { store.layers.diffPath($0.id) }
        }
        return dirs
    }
}

/// The layer cache: a step's resulting config (and top layer) by a key
/// made of the previous step's image id, the instruction and its inputs.
/// Rows go with their layer (ON DELETE CASCADE), so removing the images
/// that hold a layer forgets the steps that made it.
struct BuildCache {
    let store: Store

    struct Row: Codable, FetchableRecord, PersistableRecord {
        static let databaseTableName = "buildCache"
        var key: String
        var layerId: String?
        var config: Data
        var created: Double
    }

    static func key(parent: String, instruction: String, inputs: [String]) -> String {
        Digest.of(Data(([parent, instruction] + inputs).joined(separator: "\n").utf8)).hex
    }

    /// Removes the layers only the cache holds (steps of earlier builds no
    /// image kept: other stages, failed or changed builds), with their
    /// parents nothing else uses; `image prune` calls it, as Podman's
    /// removes dangling intermediate images.
    func prune(_ db: Database, removals: Removals) throws {
        var seen: Set<String> = []
        while true {
            let leaves = try String.fetchAll(db, sql: """
                SELECT DISTINCT c.layerId FROM buildCache c
                WHERE c.layerId IS NOT NULL
                  AND NOT EXISTS (SELECT 1 FROM image WHERE topLayer = c.layerId)
                  AND NOT EXISTS (SELECT 1 FROM layer WHERE parent = c.layerId)
                  AND NOT EXISTS (SELECT 1 FROM container WHERE layerId = c.layerId)
                """)
            // A leaf seen twice was not released: stop rather than loop.
            if leaves.isEmpty || !seen.isDisjoint(with: leaves) { return }
            seen.formUnion(leaves)
            for leaf in leaves {
                for diff in try store.layers.release(leaf, db: db, removals: removals) {
                    let stillUsed = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM layer WHERE diffId = ?", arguments: [diff]) ?? 0
                    if stillUsed == 0, let digest = try? Digest(parsing: diff) { removals.blobs.append(digest) }
                }
            }
        }
    }

    func lookup(_ key: String) throws -> BuildState? {
        try store.database.read { db in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM buildCache WHERE key = ?", arguments: [key]) else { return nil }
            let config = try JSONDecoder().decode(ImageConfig.self, from: row.config)
            return BuildState(config: config, configData: row.config, storedTop: row.layerId)
        }
    }

    /// Records the step's result, committing its staged layer in the same
    /// transaction. Returns the state with the layer stored.
    func record(_ key: String?, state: BuildState) throws -> BuildState {
        var result = state
        try store.mutate { db in
            for layer in state.staged {
                result.storedTop = try store.layers.commit(layer, blobs: store.blobs, db: db)
            }
            if let key {
                try Row(key: key, layerId: result.storedTop, config: state.configData, created: Timestamp.now()).save(db)
            }
        }
        result.staged = []
        return result
    }
}
