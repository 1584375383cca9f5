/// What happens when a container exits (`--restart`).
public enum RestartPolicy: Codable, Sendable, Equatable {
    case no
    case always
    case unlessStopped
    /// Restart after a non-zero exit, at most `maxRetries` times (nil: no limit).
    case onFailure(maxRetries: Int?)

    /// Podman's spellings: `no`, `always`, `unless-stopped`, `on-failure[:N]`.
    package init(parsing value: String) throws {
        let parts = value.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
        switch parts[0] {
        case "", "no" where parts.count == 1: self = .no
        case "always" where parts.count == 1: self = .always
        case "unless-stopped" where parts.count == 1: self = .unlessStopped
        case "on-failure":
            guard parts.count == 2 else { self = .onFailure(maxRetries: nil); return }
            guard let n = Int(parts[1]), n >= 0 else {
                throw EngineError.invalid("restart count \(parts[1].debugDescription) is not a non-negative integer")
            }
            self = .onFailure(maxRetries: n)
        default:
            if parts.count == 2 && parts[0] != "on-failure" {
                throw EngineError.invalid("restart policy retries can only be specified with on-failure restart policy")
            }
            throw EngineError.invalid("invalid restart policy: \(value.debugDescription): must be one of no, on-failure, always, unless-stopped")
        }
    }

    /// The spelling Podman's inspect shows.
    public var name: String {
        switch self {
        case .no: "no"
        case .always: "always"
        case .unlessStopped: "unless-stopped"
        case .onFailure: "on-failure"
        }
    }

    public init(from decoder: Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        self = try RestartPolicy(parsing: text)
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        if case .onFailure(let n?) = self { try container.encode("on-failure:\(n)") } else { try container.encode(name) }
    }
}
