#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GRDB

/// What `rebuildRecords` recorded again, and what it could not.
public struct RebuildReport: Sendable {
    public var images = 0
    public var layers = 0
    public var containers = 0
    public var volumes = 0
    public var secrets = 0
    /// One line per thing left unrecorded, saying why.
    public var skipped: [String] = []
}

extension Store {
    /// Records again what the store's directories hold, after its database
    /// was lost or emptied (`berth system repair --rebuild`): images from
    /// their manifest and config blobs (with their layer chains, and their
    /// names from the image store's copy of them), containers from the record
    /// copy in their directory (`ContainerStorage.recordFile`), local
    /// volumes from their directories. Nothing on disk is deleted; what
    /// cannot be recorded is reported. Existing records are kept.
    public func rebuildRecords() throws -> RebuildReport {
        var report = RebuildReport()
        try mutate { db in
            try rebuildImages(db, &report)
            try rebuildContainers(db, &report)
            try rebuildVolumes(db, &report)
            report.secrets = try secrets.rebuild(db, skipped: &report.skipped)
        }
        return report
    }

    private func modificationTime(_ path: String) -> Double {
        var st = stat()
        guard stat(path, &st) == 0 else { return Timestamp.now() }
        return Double(st.st_mtim.tv_sec) + Double(st.st_mtim.tv_nsec) / 1e9
    }

    private func rebuildImages(_ db: Database, _ report: inout RebuildReport) throws {
        for name in FileSystem.list(blobs.directory).sorted() {
            guard let digest = try? Digest(hex: name) else { continue }
            let path = blobs.path(digest)
            var st = stat()
            // Manifests are small JSON documents; layer tars are not read.
            guard stat(path, &st) == 0, st.st_size < 4 << 20 else { continue }
            let manifestData = try FileSystem.readFile(path)
            guard manifestData.first == UInt8(ascii: "{"),
                  let manifest = try? JSONDecoder().decode(ImageManifest.self, from: manifestData) else { continue }
            let imageId = manifest.config.digest.hex
            if try ImageRecord.fetchOne(db, key: imageId) != nil { continue }
            guard let configData = try FileSystem.readFileIfPresent(blobs.path(manifest.config.digest)) else {
                report.skipped.append("image manifest \(name): its config blob \(imageId) is missing")
                continue
            }
            let config: ImageConfig
            do {
                config = try JSONDecoder().decode(ImageConfig.self, from: configData)
            } catch {
                report.skipped.append("image \(imageId): config unreadable (\(error))")
                continue
            }
            var parent: Digest?
            var size: Int64 = 0
            var missing: String?
            var chain: [LayerRecord] = []
            for diff in config.rootfs.diffIDs {
                guard let diffID = try? Digest(parsing: diff) else { missing = "diff id \(diff) unreadable"; break }
                let id = Digest.chainID(parent: parent, diffID: diffID).hex
                guard FileSystem.isDirectory(layers.diffPath(id)) else { missing = "layer \(id) is not on disk"; break }
                var blob = stat()
                let layerSize = stat(blobs.path(diffID), &blob) == 0 ? Int64(blob.st_size) : 0
                chain.append(LayerRecord(id: id, parent: parent?.hex, diffId: diffID.description, size: layerSize,
                                         created: modificationTime(layers.path(id)), mountCount: 0))
                size += layerSize
                parent = Digest.chainID(parent: parent, diffID: diffID)
            }
            if let missing {
                report.skipped.append("image \(imageId): \(missing)")
                continue
            }
            for layer in chain where try LayerRecord.fetchOne(db, key: layer.id) == nil {
                try layer.insert(db)
                report.layers += 1
            }
            let created = config.created.flatMap(Timestamp.parse) ?? modificationTime(path)
            try ImageRecord(id: imageId, digest: digest.description, topLayer: chain.last?.id, created: created,
                            size: size, manifest: manifestData, config: configData).insert(db)
            report.images += 1
        }
        try rebuildImageNames(db, &report)
    }

    /// Names from the copy the image store keeps (`ImageStore.namesCopyPath`),
    /// for the images now recorded; a name already taken stays where it is.
    private func rebuildImageNames(_ db: Database, _ report: inout RebuildReport) throws {
        guard let data = try FileSystem.readFileIfPresent(images.namesCopyPath) else {
            report.skipped.append("image names: no copy of them in \(images.namesCopyPath)")
            return
        }
        let rows: [ImageNameRecord]
        do {
            rows = try JSONDecoder().decode([ImageNameRecord].self, from: data)
        } catch {
            report.skipped.append("image names: \(images.namesCopyPath) unreadable (\(error))")
            return
        }
        for row in rows where try ImageNameRecord.fetchOne(db, key: row.name) == nil {
            guard try ImageRecord.fetchOne(db, key: row.imageId) != nil else {
                report.skipped.append("image name \(row.name): its image \(row.imageId) was not recovered")
                continue
            }
            try row.insert(db)
        }
        try images.copyNames(db)
    }

    private func rebuildContainers(_ db: Database, _ report: inout RebuildReport) throws {
        for id in FileSystem.list(root + "/containers").sorted() {
            if try ContainerRecord.fetchOne(db, key: id) != nil { continue }
            guard let data = try FileSystem.readFileIfPresent(containers.recordFile(id)) else {
                report.skipped.append("container directory \(id): no record copy in it")
                continue
            }
            let record: ContainerRecord
            do {
                record = try JSONDecoder().decode(ContainerRecord.self, from: data)
            } catch {
                report.skipped.append("container \(id): record copy unreadable (\(error))")
                continue
            }
            if let image = record.imageId, try ImageRecord.fetchOne(db, key: image) == nil {
                report.skipped.append("container \(id) (\(record.name)): its image \(image) was not recovered")
                continue
            }
            if try ContainerRecord.filter(Column("name") == record.name).fetchOne(db) != nil {
                report.skipped.append("container \(id): its name \(record.name) is taken")
                continue
            }
            if let layer = record.layerId, try LayerRecord.fetchOne(db, key: layer) == nil {
                guard FileSystem.isDirectory(layers.diffPath(layer)) else {
                    report.skipped.append("container \(id) (\(record.name)): its layer \(layer) is not on disk")
                    continue
                }
                let parent = driver == .overlay ? try record.imageId.flatMap { try ImageRecord.fetchOne(db, key: $0)?.topLayer } : nil
                try LayerRecord(id: layer, parent: parent, diffId: nil, size: 0, created: record.created, mountCount: 0).insert(db)
                report.layers += 1
            }
            try record.insert(db)
            report.containers += 1
        }
    }

    private func rebuildVolumes(_ db: Database, _ report: inout RebuildReport) throws {
        let empty = Data("{}".utf8)
        for name in FileSystem.list(volumesDirectory).sorted() {
            if try VolumeRecord.fetchOne(db, key: name) != nil { continue }
            let data = volumesDirectory + "/" + name + "/_data"
            guard FileSystem.isDirectory(data) else {
                report.skipped.append("volume directory \(name): no _data directory in it")
                continue
            }
            try VolumeRecord(name: name, driver: "local", mountpoint: data, created: modificationTime(volumesDirectory + "/" + name),
                             labels: empty, options: empty, uid: nil, gid: nil, imageId: nil, mountCount: 0, needsCopyUp: false).insert(db)
            report.volumes += 1
        }
    }
}
