/// What `push` was asked for, besides the image and destination.
public struct PushOptions: Sendable {
    public var registry = RegistryOptions()
    /// `--digestfile`: where the pushed manifest's digest is written.
    public var digestFile: String?
    /// Podman's progress lines; nil for `--quiet`.
    public var report: (@Sendable (String) -> Void)?

    public init() {}
}
