import Foundation

/// An OCI image manifest carrying an artifact: any config and layer media
/// types, `artifactType`, annotations. Only what berth reads is decoded;
/// the stored bytes stay as they came.
public struct ArtifactManifest: Codable, Sendable, Equatable {
    public var schemaVersion: Int
    public var mediaType: String?
    public var artifactType: String?
    public var config: Descriptor
    public var layers: [Descriptor]
    public var subject: Descriptor?
    public var annotations: [String: String]?

    /// The config of an artifact made by `artifact add`: OCI's empty JSON object.
    static let emptyConfigData = Data("{}".utf8)
    static let emptyConfigType = "application/vnd.oci.empty.v1+json"
    /// The annotation naming a layer's file.
    public static let titleAnnotation = "org.opencontainers.image.title"
    /// The manifest annotation `artifact add` sets (kept by `--append`).
    public static let createdAnnotation = "org.opencontainers.image.created"

    init(artifactType: String?, layers: [Descriptor]) {
        schemaVersion = 2
        mediaType = MediaType.ociManifest
        self.artifactType = artifactType
        config = Descriptor(mediaType: ArtifactManifest.emptyConfigType, digest: Digest.of(ArtifactManifest.emptyConfigData),
                            size: Int64(ArtifactManifest.emptyConfigData.count))
        self.layers = layers
    }

    static func decode(_ data: Data, what: String) throws -> ArtifactManifest {
        do { return try JSONDecoder().decode(ArtifactManifest.self, from: data) } catch {
            throw EngineError(.corrupt, "\(what): unreadable artifact manifest: \(error)")
        }
    }

    /// The total size of the files (what `artifact ls` shows).
    public var size: Int64 { layers.reduce(0) { $0 + $1.size } }

    /// Every blob the manifest points at.
    var blobs: [Descriptor] { [config] + layers }
}
