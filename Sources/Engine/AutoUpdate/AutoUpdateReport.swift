/// One row of `auto-update`: Podman's field names (`--format` templates use them).
public struct AutoUpdateReport: Encodable, Sendable {
    public var Unit: String
    /// `SHORTID (NAME)`.
    public var Container: String
    public var ContainerName: String
    public var ContainerID: String
    public var Image: String
    public var Policy: String
    /// `pending` (dry run, an update is there), `false`, `true`,
    /// `rolled back`, `failed`.
    public var Updated: String
}
