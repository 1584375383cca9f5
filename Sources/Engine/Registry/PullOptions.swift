/// What `pull` was asked for, besides the reference.
public struct PullOptions: Sendable {
    public var policy: PullPolicy = .always
    public var platform: Platform = .host
    public var registry = RegistryOptions()
    /// Podman's progress lines (`Trying to pull ...`, `Copying blob ...`),
    /// one at a time; nil for `--quiet`.
    public var report: (@Sendable (String) -> Void)?

    public init() {}
}
