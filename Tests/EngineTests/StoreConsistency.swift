import Foundation
import GRDB
@testable import Engine
@testable import BerthCLI
@testable import GoTemplate

/// What "consistent" means for a store nobody is using: every recorded
/// layer has its directory and blob, nothing unrecorded is left on disk,
/// no staging directory remains, and SQLite agrees with itself.
enum StoreConsistency {
    static func problems(_ store: Store) throws -> [String] {
        var problems: [String] = []
        try store.database.read { db in
            let integrity = try String.fetchOne(db, sql: "PRAGMA integrity_check")
            if integrity != "ok" { problems.append("integrity: \(integrity ?? "?")") }
            let layers = try LayerRecord.fetchAll(db)
            let layerIds = Set(layers.map(\.id))
            let dirs = Set(FileSystem.list(store.layers.directory))
            for missing in layerIds.subtracting(dirs) { problems.append("layer \(missing) has no directory") }
            for orphan in dirs.subtracting(layerIds) { problems.append("directory \(orphan) has no layer record") }
            var referenced = Set<String>()
            for layer in layers {
                if let diff = layer.diffId {
                    let hex = String(diff.dropFirst(7))
                    referenced.insert(hex)
                    if !FileSystem.exists(store.blobs.directory + "/" + hex) { problems.append("layer blob \(hex) missing") }
                }
                if let parent = layer.parent, !layerIds.contains(parent) { problems.append("layer \(layer.id) lost its parent") }
            }
            for image in try ImageRecord.fetchAll(db) {
                referenced.insert(image.id)
                referenced.insert(String(image.digest.dropFirst(7)))
                if !FileSystem.exists(store.blobs.directory + "/" + image.id) { problems.append("config blob of \(image.id) missing") }
                if let top = image.topLayer, !layerIds.contains(top) { problems.append("image \(image.id) lost its layer") }
            }
            for blob in FileSystem.list(store.blobs.directory) where !referenced.contains(blob) {
                problems.append("unreferenced blob \(blob)")
            }
        }
        for leftover in FileSystem.list(store.tmpDirectory) { problems.append("staging leftover \(leftover)") }
        return problems
    }
}
