/// `--systemd`: whether the container is set up for systemd as its init
/// (tmpfs on /run, /run/lock, /tmp and /var/log/journal, a writable cgroup
/// file system, `container_uuid`, SIGRTMIN+3 to stop). `true` (the default)
/// does so when the command is systemd or /sbin/init; `always` always.
public enum SystemdMode: String, Codable, Sendable {
    case `true`, `false`, always

    package init(parsing value: String) throws {
        guard let mode = SystemdMode(rawValue: value) else {
            throw EngineError.invalid("invalid --systemd \(value.debugDescription): must be true, false or always")
        }
        self = mode
    }

    /// Podman's rule for `true`: the command (not the entrypoint) is an init.
    func applies(command: [String]) -> Bool {
        switch self {
        case .always: return true
        case .false: return false
        case .true:
            guard let first = command.first else { return false }
            return ["/sbin/init", "/usr/sbin/init", "/usr/local/sbin/init"].contains(first) || first.split(separator: "/").last == "systemd"
        }
    }
}
