/// `artifact inspect`: Podman's shape (`Manifest`, `Name`, `Digest`).
public struct ArtifactInspectReport: Encodable, Sendable {
    public var Manifest: ArtifactManifest
    public var Name: String
    public var Digest: String
}
