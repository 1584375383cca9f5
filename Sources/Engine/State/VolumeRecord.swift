import GRDB
import Foundation

public struct VolumeRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "volume"
    public var name: String
    public var driver: String
    public var mountpoint: String
    public var created: Double
    /// JSON object, key order kept as given.
    public var labels: Data
    /// JSON object of `--opt` values.
    public var options: Data
    public var uid: Int?
    public var gid: Int?
    public var imageId: String?
    public var mountCount: Int
    public var needsCopyUp: Bool
}
