/// How a container's cgroups are made (`--cgroups`).
public enum CgroupsMode: String, Codable, Sendable, CaseIterable {
    /// A cgroup for the container, and one for its monitor.
    case enabled
    /// No cgroup of its own: the container stays in the monitor's.
    case disabled
    /// The container's cgroup only; the monitor stays where berth runs.
    case noConmon = "no-conmon"
    /// Under the caller's cgroup (a systemd service's): Quadlet's choice.
    case split

    package init(parsing value: String) throws {
        guard let mode = CgroupsMode(rawValue: value) else {
            throw EngineError.invalid("invalid cgroup mode \(value.debugDescription): use enabled, disabled, no-conmon or split")
        }
        self = mode
    }
}
