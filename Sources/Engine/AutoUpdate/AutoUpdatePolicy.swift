/// The `io.containers.autoupdate` label's values.
public enum AutoUpdatePolicy: String, Sendable {
    /// Pull the image's name from its registry when the registry has a
    /// different image under it.
    case registry
    /// Restart when the local image under the container's image name is
    /// not the one the container runs.
    case local

    public static let label = "io.containers.autoupdate"
    /// The label a container started by a systemd unit carries (from the
    /// unit's `Environment=PODMAN_SYSTEMD_UNIT=%n`).
    public static let unitLabel = "PODMAN_SYSTEMD_UNIT"

    /// nil for a container that is not auto-updated ("" or `disabled`).
    init?(label value: String, container: String) throws {
        switch value {
        case "registry", "image": self = .registry
        case "local": self = .local
        case "", "disabled": return nil
        default:
            throw EngineError.invalid("auto-updating container \(container.debugDescription): invalid auto-update policy \(value.debugDescription): valid policies are [disabled image local registry]")
        }
    }
}
