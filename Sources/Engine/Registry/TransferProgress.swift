/// What a pull or push is doing with one blob, for a terminal's progress
/// lines (`Copying blob 90c25da4ec91 [====>--] 1.0MiB / 2.0MiB`, then
/// `done` or `skipped: already exists`). Without a terminal the same
/// events become Podman's plain `Copying blob sha256:...` lines.
public struct TransferProgress: Sendable {
    public enum Kind: String, Sendable { case blob, config }
    public enum Stage: Sendable, Equatable {
        /// `bytes` of the blob have moved so far.
        case moving(bytes: Int64)
        case done
        /// The destination had it already.
        case skipped
    }

    public var kind: Kind
    public var digest: Digest
    public var size: Int64
    public var stage: Stage

    /// The line Podman prints for a finished blob when output is no terminal.
    public var plainLine: String { "Copying \(kind.rawValue) \(digest)" }
}

/// Where a pull's or push's blob events go: each to `progress` when set,
/// else a finished one as a plain line to `report`.
struct TransferEvents: Sendable {
    let report: (@Sendable (String) -> Void)?
    let progress: (@Sendable (TransferProgress) -> Void)?

    func send(_ kind: TransferProgress.Kind, _ descriptor: Descriptor, _ stage: TransferProgress.Stage) {
        let event = TransferProgress(kind: kind, digest: descriptor.digest, size: descriptor.size, stage: stage)
        if let progress {
            progress(event)
        } else if stage == .done || stage == .skipped {
            report?(event.plainLine)
        }
    }

    /// Byte counts for `descriptor` as it downloads (nil without a terminal).
    func mover(_ kind: TransferProgress.Kind, _ descriptor: Descriptor) -> (@Sendable (Int64) -> Void)? {
        guard let progress else { return nil }
        return { bytes in progress(TransferProgress(kind: kind, digest: descriptor.digest, size: descriptor.size, stage: .moving(bytes: bytes))) }
    }
}
