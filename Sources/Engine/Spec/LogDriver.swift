/// Where a container's output goes (`--log-driver`).
public enum LogDriver: String, Codable, Sendable, CaseIterable {
    case journald
    case k8sFile = "k8s-file"
    case passthrough
    case none

    /// Podman's default: journald under systemd (the monitor's journal
    /// stream is the service's), else a k8s-file log.
    package static func defaultDriver(underSystemd: Bool) -> LogDriver {
        underSystemd ? .journald : .k8sFile
    }

    /// `--log-driver VALUE`, with Podman's message for anything else.
    package init(parsing value: String) throws {
        guard let driver = LogDriver(rawValue: value) else {
            throw EngineError.invalid("invalid log driver \(value.debugDescription): use journald, k8s-file, passthrough or none")
        }
        self = driver
    }
}
