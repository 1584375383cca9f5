/// The healthcheck flags as given (`--health-*`, `--no-healthcheck`); the
/// image's `HEALTHCHECK` fills what is nil when the configuration is made.
public struct HealthSpec: Sendable {
    /// nil: the image's test; `[]`: none (`--health-cmd none`).
    public var test: [String]?
    /// `--no-healthcheck`: no check at all, whatever the image says.
    public var disabled = false
    /// Seconds; 0 for `disable` (no periodic checks).
    public var interval: Double?
    public var retries: Int?
    public var startPeriod: Double?
    public var timeout: Double?
    public var onFailure: HealthFailureAction?
    public var maxLogCount = 5
    public var maxLogSize = 500
    /// nil: `local` (the container's directory).
    public var logDirectory: String?
    public var startup: ContainerConfiguration.StartupCheck?

    package init() {}

    /// `["CMD", ...]` runs as is, `["CMD-SHELL", text]` through the shell.
    package static func testArguments(_ array: [String]) -> [String] {
        switch array.first {
        case "CMD": Array(array.dropFirst())
        case "CMD-SHELL": ["/bin/sh", "-c"] + array.dropFirst()
        default: array
        }
    }

    /// A `--health-cmd` value: a JSON array as in an image, else shell text.
    package static func parseCommand(_ command: String) -> [String] {
        if command.hasPrefix("["), let array = JSONStringArray.decode(command) { return testArguments(array) }
        return ["/bin/sh", "-c", command]
    }
}
