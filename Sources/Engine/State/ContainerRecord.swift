import GRDB
import Foundation

/// The storage side of a container: its name, image and writable layer.
/// The container lifecycle keeps its own configuration in `config` and adds
/// columns through new migrations.
public struct ContainerRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "container"
    public var id: String
    public var name: String
    public var imageId: String?
    public var layerId: String?
    public var created: Double
    public var config: Data?
}
