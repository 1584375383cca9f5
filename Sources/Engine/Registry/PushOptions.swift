/// What `push` was asked for, besides the image and destination.
public struct PushOptions: Sendable {
    public var registry = RegistryOptions()
    /// `--digestfile`: where the pushed manifest's digest is written.
    public var digestFile: String?
    /// `--compression-format`: layers compressed on the way to a registry
    /// (nil: sent as the store keeps them, plain tar).
    public var compression: LayerCompression?
    /// Podman's progress lines; nil for `--quiet`.
    public var report: (@Sendable (String) -> Void)?
    /// Blob events for a terminal's progress lines; when nil, finished
    /// blobs are plain `Copying blob ...` lines through `report`.
    public var progress: (@Sendable (TransferProgress) -> Void)?

    var events: TransferEvents { TransferEvents(report: report, progress: progress) }

    public init() {}
}
