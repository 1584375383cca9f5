#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// `system df`: the space images, containers' writable layers and local
/// volumes take, and how much of it removing unused ones would free
/// (Podman's `SystemDfReport`).
package struct DiskUsage: Sendable {
    package struct Image: Sendable {
        /// One row per name (`<none>` for an untagged image), as Podman lists them.
        package var Repository: String
        package var Tag: String
        package var ImageID: String
        package var Created: Double
        package var Size: Int64
        package var SharedSize: Int64
        package var UniqueSize: Int64
        package var Containers: Int
    }

    package struct Container: Sendable {
        package var ContainerID: String
        package var Image: String
        package var Command: [String]
        package var LocalVolumes: Int
        package var RWSize: Int64
        package var Created: Double
        package var Status: String
        package var Names: String
        package var isRunning: Bool
    }

    package struct Volume: Sendable {
        package var VolumeName: String
        package var Links: Int
        package var Size: Int64
        package var ReclaimableSize: Int64
    }

    package var images: [Image] = []
    package var containers: [Container] = []
    package var volumes: [Volume] = []

    /// One line of the summary table.
    package struct Summary: Sendable {
        package var type: String
        package var total: Int
        package var active: Int
        package var size: Int64
        package var reclaimable: Int64
    }

    package var summaries: [Summary] {
        [Summary(type: "Images", total: images.count, active: images.filter { $0.Containers > 0 }.count,
                 size: images.map(\.Size).reduce(0, +), reclaimable: images.filter { $0.Containers < 1 }.map(\.Size).reduce(0, +)),
         Summary(type: "Containers", total: containers.count, active: containers.filter(\.isRunning).count,
                 size: containers.map(\.RWSize).reduce(0, +), reclaimable: containers.filter { !$0.isRunning }.map(\.RWSize).reduce(0, +)),
         Summary(type: "Local Volumes", total: volumes.count, active: volumes.map(\.Links).reduce(0, +),
                 size: volumes.map(\.Size).reduce(0, +), reclaimable: volumes.map(\.ReclaimableSize).reduce(0, +))]
    }
}

extension Store {
    /// What `system df` reports for this store.
    package func diskUsage() throws -> DiskUsage {
        var usage = DiskUsage()
        let containers = try containerManager().loadAll()
        let images = try ImageStore(store: self).list()
        let chains: [String: [LayerRecord]] = try database.read { db in
            var chains: [String: [LayerRecord]] = [:]
            for image in images { chains[image.id] = try image.record.topLayer.map { try layers.chain($0, db: db) } ?? [] }
            return chains
        }
        // A layer is shared when more than one image's chain holds it.
        var imagesPerLayer: [String: Int] = [:]
        for chain in chains.values { for id in Set(chain.map(\.id)) { imagesPerLayer[id, default: 0] += 1 } }
        var containersPerImage: [String: Int] = [:]
        for c in containers { if let id = c.record.imageId { containersPerImage[id, default: 0] += 1 } }
        for image in images {
            let own = chains[image.id] ?? []
            let shared = own.filter { imagesPerLayer[$0.id, default: 0] > 1 }.map(\.size).reduce(0, +)
            let size = image.record.size
            let row = DiskUsage.Image(Repository: "<none>", Tag: "<none>", ImageID: image.id, Created: image.record.created, Size: size,
                                      SharedSize: min(shared, size), UniqueSize: size - min(shared, size),
                                      Containers: containersPerImage[image.id, default: 0])
            for (repository, tag) in image.repositoriesAndTags {
                var named = row
                named.Repository = repository
                named.Tag = tag
                usage.images.append(named)
            }
        }
        for c in containers {
            let rwSize = try c.record.layerId.map { try FileSystem.treeSize(layers.diffPath($0)) } ?? 0
            usage.containers.append(DiskUsage.Container(
                ContainerID: c.id, Image: c.record.imageId ?? "", Command: c.config.args,
                LocalVolumes: c.config.mounts.filter { $0.kind == .volume }.count, RWSize: rwSize, Created: c.record.created,
                Status: c.statusWord, Names: c.name, isRunning: c.isRunning))
        }
        for volume in try VolumeStore(store: self).list() {
            let links = containers.filter { c in c.config.mounts.contains { $0.kind == .volume && $0.source == volume.name } }.count
            let size = try FileSystem.treeSize(volume.mountpoint)
            usage.volumes.append(DiskUsage.Volume(VolumeName: volume.name, Links: links, Size: size, ReclaimableSize: links == 0 ? size : 0))
        }
        return usage
    }
}
