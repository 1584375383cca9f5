import GRDB

/// One layer: a directory the storage driver owns. Image layers have a
/// diff id (the sha256 of their uncompressed tar); a container's writable
/// layer has none.
public struct LayerRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "layer"
    public var id: String
    public var parent: String?
    public var diffId: String?
    public var size: Int64
    public var created: Double
    public var mountCount: Int
}
