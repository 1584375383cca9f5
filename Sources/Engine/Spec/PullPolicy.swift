/// When `pull`, `run` and `create` go to the registry (`--policy`, `--pull`).
public enum PullPolicy: String, Codable, Sendable, CaseIterable {
    /// Always ask the registry; blobs already stored are not fetched again.
    case always
    /// Only when no local image has the name.
    case missing
    /// Never: a missing image is an error.
    case never
    /// Ask the registry whether its image differs from the local one.
    case newer

    /// Podman's spellings, `true` and `false` included (always, missing).
    package init(parsing value: String) throws {
        guard let policy = PullPolicy(rawValue: value == "true" ? "always" : value == "false" ? "missing" : value) else {
            throw EngineError.invalid("unsupported pull policy \(value.debugDescription)")
        }
        self = policy
    }
}
