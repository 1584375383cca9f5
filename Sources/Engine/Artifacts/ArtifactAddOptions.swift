/// `artifact add`'s flags.
public struct ArtifactAddOptions: Sendable {
    /// `--type`: the manifest's `artifactType`.
    public var artifactType: String?
    /// `--annotation KEY=VALUE`, set on every added file's layer.
    public var annotations: [String: String] = [:]
    /// `--file-type`: the layers' media type instead of the detected one.
    public var fileType: String?
    /// `--append`: add the files to an existing artifact.
    public var append = false
    /// `--replace`: an artifact of that name is replaced (with `--append`: refused).
    public var replace = false

    public init() {}
}
