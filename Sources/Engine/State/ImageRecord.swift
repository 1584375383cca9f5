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

// Rows are read by column rather than through Codable: `images` decodes
// every row of both tables. (In extensions, so the memberwise inits stay.)
extension ImageRecord {
    public init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        digest = try row.decode(forColumn: "digest")
        topLayer = try row.decode(forColumn: "topLayer")
        created = try row.decode(forColumn: "created")
        size = try row.decode(forColumn: "size")
        manifest = try row.decode(forColumn: "manifest")
        config = try row.decode(forColumn: "config")
    }
}

extension ImageNameRecord {
    public init(row: Row) throws {
        name = try row.decode(forColumn: "name")
        imageId = try row.decode(forColumn: "imageId")
        added = try row.decode(forColumn: "added")
    }
}
