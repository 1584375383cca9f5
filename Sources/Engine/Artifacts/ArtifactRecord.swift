import Foundation
import GRDB

/// One local OCI artifact (`artifact add|pull`): its name, the digest of
/// its manifest and the manifest's bytes as they were pulled or made (so
/// `push` sends the very same digest). Its blobs live in the artifact
/// blob directory (`<root>/artifacts/blobs/sha256/<hex>`), apart from the
/// images' blobs: an artifact is not an image.
public struct ArtifactRecord: Codable, Sendable, Equatable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "artifact"
    /// The full reference (`quay.io/libpod/testartifact:20250206-single`).
    public var name: String
    /// `sha256:...` of `manifest`.
    public var digest: String
    public var manifest: Data
    public var created: Double
}
