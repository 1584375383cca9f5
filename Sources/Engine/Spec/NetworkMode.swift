/// The network namespace a container gets (`--network`), as Podman's
/// specgen names its modes. Stored as Podman spells it on the command
/// line (`none`, `host`, `bridge`, `container:ID`, `ns:PATH`, `pod`, ...),
/// so records written before this type decode unchanged.
public enum NetworkMode: Codable, Sendable, Equatable, CustomStringConvertible {
    /// A namespace with loopback only.
    case none
    /// The host's namespace.
    case host
    /// A namespace of its own, attached to networks (the spec's `networks`).
    case bridge
    /// Another container's namespace.
    case container(String)
    /// A namespace at a path (`ns:/run/netns/x`).
    case path(String)
    /// The pod's infra container's namespace.
    case pod
    /// Rootless user-mode networking.
    case pasta(options: [String])
    case slirp4netns(options: [String])

    /// One `--network` value's mode. A name that is none of the keywords is
    /// a network to attach to (bridge mode); `private` is the default
    /// network for root (`ContainerNetworkChoice` makes it `none` rootless).
    package init(parsing value: String) throws {
        let (word, rest) = NetworkMode.split(value)
        switch word {
        case "none": self = .none
        case "host": self = .host
        case "bridge", "private": self = .bridge
        case "pod": self = .pod
        case "container":
            guard let rest, !rest.isEmpty else { throw EngineError.invalid("invalid network mode \(value.debugDescription): container: needs a name or ID") }
            self = .container(rest)
        case "ns":
            guard let rest, rest.hasPrefix("/") else { throw EngineError.invalid("invalid network mode \(value.debugDescription): ns: needs an absolute path") }
            self = .path(rest)
        case "pasta": self = .pasta(options: rest.map { $0.split(separator: ",").map(String.init) } ?? [])
        case "slirp4netns": self = .slirp4netns(options: rest.map { $0.split(separator: ",").map(String.init) } ?? [])
        default: self = .bridge
        }
    }

    private static func split(_ value: String) -> (String, String?) {
        guard let colon = value.firstIndex(of: ":") else { return (value, nil) }
        return (String(value[..<colon]), String(value[value.index(after: colon)...]))
    }

    /// True when `value` names a mode rather than a network.
    package static func isKeyword(_ value: String) -> Bool {
        ["none", "host", "bridge", "private", "pod", "container", "ns", "pasta", "slirp4netns"].contains(split(value).0)
    }

    public var description: String {
        switch self {
        case .none: "none"
        case .host: "host"
        case .bridge: "bridge"
        case .container(let id): "container:" + id
        case .path(let path): "ns:" + path
        case .pod: "pod"
        case .pasta(let options): options.isEmpty ? "pasta" : "pasta:" + options.joined(separator: ",")
        case .slirp4netns(let options): options.isEmpty ? "slirp4netns" : "slirp4netns:" + options.joined(separator: ",")
        }
    }

    /// Whether the container gets a network namespace of its own.
    public var ownsNamespace: Bool {
        switch self {
        case .none, .bridge, .pasta, .slirp4netns: true
        case .host, .container, .path, .pod: false
        }
    }

    public init(from decoder: Decoder) throws {
        self = try NetworkMode(parsing: try decoder.singleValueContainer().decode(String.self))
    }

    public func encode(to encoder: Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
