import GRDB
import Foundation

/// One image: its manifest and config bytes exactly as stored (so digests
/// stay valid) and the top of its layer chain.
public struct ImageRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "image"
    /// Hex sha256 of the config blob: Podman's image ID.
    public var id: String
    /// `sha256:...` of the manifest.
    public var digest: String
    public var topLayer: String?
    public var created: Double
    public var size: Int64
    public var manifest: Data
    public var config: Data
}

/// A name (`docker.io/library/busybox:latest`) pointing at an image.
public struct ImageNameRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "imageName"
    public var name: String
    public var imageId: String
    public var added: Double
}
