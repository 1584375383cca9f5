import GRDB
import Foundation

/// One secret's metadata (`secret create`); its data lives in the file
/// driver's directory, never in the database (readable by others).
public struct SecretRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "secret"
    /// 25 hex digits, as Podman's.
    public var id: String
    public var name: String
    /// Always `file` (the only driver berth has).
    public var driver: String
    /// JSON object: `--driver-opts`, with `path` (the data's directory) filled in.
    public var driverOptions: Data
    /// JSON object of `--label` values.
    public var labels: Data
    public var created: Double
    /// `--replace` keeps the ID and creation time, and moves this.
    public var updated: Double
}
