/// `--service-exit-code-propagation`: how the service container's exit
/// code follows the played containers' (Podman's `all`, `any`, `none`).
public enum KubeExitCodePropagation: String, Codable, Sendable {
    case all, any, none

    package init(parsing text: String) throws {
        guard let value = KubeExitCodePropagation(rawValue: text) else {
            throw EngineError.invalid("unsupported exit-code propagation \(text.debugDescription)")
        }
        self = value
    }
}
