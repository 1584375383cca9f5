/// One published port as `berth port` prints it (`80/tcp -> 0.0.0.0:8080`):
/// ranges expanded, host ports as netavark was given them at the last start.
public struct PublishedPort: Sendable, Equatable {
    public var containerPort: UInt16
    public var proto: PortMapping.Proto
    public var hostIP: String
    public var hostPort: UInt16

    /// The container's ports while it holds its networks (none otherwise).
    public static func of(_ c: Container) -> [PublishedPort] {
        (c.state.network?.options.portMappings ?? []).flatMap { m in
            (0..<m.range).map { i in
                PublishedPort(containerPort: m.containerPort + i, proto: m.proto, hostIP: m.hostIP.isEmpty ? "0.0.0.0" : m.hostIP, hostPort: m.hostPort + i)
            }
        }
    }

    /// `PORT` or `PORT/PROTO` selects; no protocol means tcp.
    public func matches(_ selector: String) -> Bool {
        let parts = selector.split(separator: "/")
        return parts.first.map(String.init) == String(containerPort) && (parts.count < 2 ? proto == .tcp : parts[1] == proto.rawValue)
    }

    public var hostAddress: String { (hostIP.contains(":") ? "[\(hostIP)]" : hostIP) + ":" + String(hostPort) }
    public var line: String { "\(containerPort)/\(proto.rawValue) -> \(hostAddress)" }
}
