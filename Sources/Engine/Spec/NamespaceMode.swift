/// Where a container's ipc, uts or pid namespace comes from (`--ipc`,
/// `--uts`, `--pid`). Stored as Podman spells it on the command line
/// (`private`, `host`, `container:ID`, `ns:PATH`).
public enum NamespaceMode: Codable, Sendable, Equatable, CustomStringConvertible {
    /// A namespace of its own (Podman's `private`, `shareable` for ipc).
    case `private`
    /// The host's.
    case host
    /// Another container's (its ID once created).
    case container(String)
    /// A namespace at a path (`ns:/proc/123/ns/ipc`).
    case path(String)

    package init(parsing value: String, flag: String) throws {
        switch value {
        case "", "private", "shareable": self = .private
        case "host": self = .host
        case _ where value.hasPrefix("container:"):
            let target = String(value.dropFirst("container:".count))
            guard !target.isEmpty else { throw EngineError.invalid("invalid \(flag) \(value.debugDescription): container: needs a name or ID") }
            self = .container(target)
        case _ where value.hasPrefix("ns:"):
            let path = String(value.dropFirst(3))
            guard path.hasPrefix("/") else { throw EngineError.invalid("invalid \(flag) \(value.debugDescription): ns: needs an absolute path") }
            self = .path(path)
        default:
            throw EngineError.invalid("invalid \(flag) \(value.debugDescription): use private, host, container:ID or ns:PATH")
        }
    }

    public var description: String {
        switch self {
        case .private: "private"
        case .host: "host"
        case .container(let id): "container:" + id
        case .path(let path): "ns:" + path
        }
    }

    public init(from decoder: Decoder) throws {
        self = try NamespaceMode(parsing: try decoder.singleValueContainer().decode(String.self), flag: "namespace")
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
