import Foundation

/// `image inspect` output, in Podman's JSON shape.
public struct ImageInspectReport: Encodable, Sendable {
    public struct GraphDriverInfo: Encodable, Sendable {
        public var Name: String
        public var Data: [String: String]
    }
    public struct RootFSInfo: Encodable, Sendable {
        public var `Type`: String
        public var Layers: [String]
    }
    public struct HistoryEntry: Encodable, Sendable {
        public var created: String?
        public var created_by: String?
        public var author: String?
        public var comment: String?
        public var empty_layer: Bool?
    }

    public var Id: String
    public var Digest: String
    public var RepoTags: [String]
    public var RepoDigests: [String]
    public var Parent: String
    public var Comment: String
    public var Created: String?
    public var Config: ContainerConfig
    public var Version: String
    public var Author: String
    public var Architecture: String
    public var Os: String
    public var Size: Int64
    public var VirtualSize: Int64
    public var GraphDriver: GraphDriverInfo
    public var RootFS: RootFSInfo
    public var Labels: [String: String]?
    public var Annotations: [String: String]
    public var ManifestType: String
    public var User: String
    public var History: [HistoryEntry]
    public var NamesHistory: [String]

    init(image: StoredImage, store: Store, lowerDirs: [String]) throws {
        let config = try image.decodedConfig()
        let manifestFields = try? JSONDecoder().decode(ManifestFields.self, from: image.record.manifest)
        let manifestType = manifestFields?.mediaType
        Id = image.id
        Digest = image.record.digest
        RepoTags = image.names
        RepoDigests = image.names.map { name in
            let repo = name.split(separator: "@")[0]
            let withoutTag = repo.lastIndex(of: ":").map { repo[..<$0] }.flatMap { $0.contains("/") || !repo.contains("/") ? $0 : nil } ?? repo
            return withoutTag + "@" + image.record.digest
        }
        Parent = ""
        Comment = config.history?.last?.comment ?? ""
        Created = config.created
        Config = config.config ?? ContainerConfig()
        Version = ""
        Author = config.author ?? ""
        Architecture = config.architecture
        Os = config.os
        Size = image.record.size
        VirtualSize = image.record.size
        var data: [String: String] = [:]
        if let top = image.record.topLayer {
            if store.driver == .overlay {
                data["UpperDir"] = store.layers.diffPath(top)
                data["WorkDir"] = store.layers.path(top) + "/work"
                if !lowerDirs.isEmpty { data["LowerDir"] = lowerDirs.joined(separator: ":") }
            } else {
                data["Dir"] = store.layers.diffPath(top)
            }
        }
        GraphDriver = GraphDriverInfo(Name: store.driver.rawValue, Data: data)
        RootFS = RootFSInfo(Type: config.rootfs.type, Layers: config.rootfs.diffIDs)
        Labels = config.config?.labels
        Annotations = manifestFields?.annotations ?? [:]
        ManifestType = manifestType ?? MediaType.ociManifest
        User = config.config?.user ?? ""
        History = (config.history ?? []).map {
            HistoryEntry(created: $0.created, created_by: $0.createdBy, author: $0.author, comment: $0.comment, empty_layer: $0.emptyLayer)
        }
        NamesHistory = image.names
    }
}

/// Only a manifest's media type and annotations (inspect needs nothing else of it).
private struct ManifestFields: Decodable {
    var mediaType: String?
    var annotations: [String: String]?
}

extension ImageStore {
    public func inspect(_ reference: String) throws -> ImageInspectReport {
        try store.database.read { db in
            let image = try resolve(reference, db)
            var lower: [String] = []
            if let top = image.record.topLayer {
                lower = try store.layers.chain(top, db: db).dropFirst().map { store.layers.diffPath($0.id) }
            }
            return try ImageInspectReport(image: image, store: store, lowerDirs: lower)
        }
    }
}
