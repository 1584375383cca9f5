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

// Read by column rather than through Codable (every inspect and mount walks
// a layer chain); in an extension, so the memberwise init stays.
extension LayerRecord {
    public init(row: Row) throws {
        id = try row.decode(forColumn: "id")
        parent = try row.decode(forColumn: "parent")
        diffId = try row.decode(forColumn: "diffId")
        size = try row.decode(forColumn: "size")
        created = try row.decode(forColumn: "created")
        mountCount = try row.decode(forColumn: "mountCount")
    }
}
