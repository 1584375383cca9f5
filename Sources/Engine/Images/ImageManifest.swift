/// A content descriptor: what a manifest or index points at.
public struct Descriptor: Codable, Sendable, Equatable {
    public var mediaType: String
    public var digest: Digest
    public var size: Int64
    public var annotations: [String: String]?

    public init(mediaType: String, digest: Digest, size: Int64, annotations: [String: String]? = nil) {
        self.mediaType = mediaType
        self.digest = digest
        self.size = size
        self.annotations = annotations
    }
}

public enum MediaType {
    public static let ociManifest = "application/vnd.oci.image.manifest.v1+json"
    public static let ociIndex = "application/vnd.oci.image.index.v1+json"
    public static let ociConfig = "application/vnd.oci.image.config.v1+json"
    public static let ociLayer = "application/vnd.oci.image.layer.v1.tar"
    public static let dockerManifest = "application/vnd.docker.distribution.manifest.v2+json"
    public static let dockerManifestList = "application/vnd.docker.distribution.manifest.list.v2+json"
}

/// An OCI image manifest (Docker schema 2 has the same shape).
public struct ImageManifest: Codable, Sendable, Equatable {
    public var schemaVersion: Int
    public var mediaType: String?
    public var config: Descriptor
    public var layers: [Descriptor]
    public var annotations: [String: String]?

    public init(config: Descriptor, layers: [Descriptor]) {
        schemaVersion = 2
        mediaType = MediaType.ociManifest
        self.config = config
        self.layers = layers
    }
}

/// An OCI image index (`index.json` of an OCI layout).
public struct ImageIndex: Codable, Sendable, Equatable {
    public var schemaVersion: Int
    public var mediaType: String?
    public var manifests: [Descriptor]

    public init(manifests: [Descriptor]) {
        schemaVersion = 2
        mediaType = MediaType.ociIndex
        self.manifests = manifests
    }
}

/// One image in a docker-archive's `manifest.json`.
public struct DockerArchiveEntry: Codable, Sendable, Equatable {
    public var config: String
    public var repoTags: [String]?
    public var layers: [String]

    enum CodingKeys: String, CodingKey {
        case config = "Config"
        case repoTags = "RepoTags"
        case layers = "Layers"
    }
}
