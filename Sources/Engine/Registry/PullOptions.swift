/// What `pull` was asked for, besides the reference.
public struct PullOptions: Sendable {
    public var policy: PullPolicy = .always
    public var platform: Platform = .host
    public var registry = RegistryOptions()
    /// `--signature-policy`: policy.json to use instead of the default one.
    public var signaturePolicy: String?
    /// Podman's progress lines (`Trying to pull ...`, `Copying blob ...`),
    /// one at a time; nil for `--quiet`.
    public var report: (@Sendable (String) -> Void)?
    /// Blob events for a terminal's progress lines; when nil, finished
    /// blobs are plain `Copying blob ...` lines through `report`.
    public var progress: (@Sendable (TransferProgress) -> Void)?

    var events: TransferEvents { TransferEvents(report: report, progress: progress) }

    public init() {}
}
