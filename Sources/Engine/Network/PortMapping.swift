/// One published port range, in netavark's `port_mappings` form: host port
/// 0 asks for a free port, chosen at each start.
public struct PortMapping: Codable, Sendable, Equatable {
    public enum Proto: String, Codable, Sendable {
        case tcp, udp, sctp
    }

    public var hostIP: String
    public var containerPort: UInt16
    public var hostPort: UInt16
    /// How many consecutive ports (1 for one port).
    public var range: UInt16
    public var proto: Proto

    enum CodingKeys: String, CodingKey {
        case hostIP = "host_ip"
        case containerPort = "container_port"
        case hostPort = "host_port"
        case range
        case proto = "protocol"
    }

    public init(hostIP: String = "", containerPort: UInt16, hostPort: UInt16, range: UInt16 = 1, proto: Proto = .tcp) {
        self.hostIP = hostIP
        self.containerPort = containerPort
        self.hostPort = hostPort
        self.range = range
        self.proto = proto
    }

    /// `-p [ip:][hostPort[-end]:]containerPort[-end][/tcp|udp|sctp]` (an
    /// IPv6 host address in brackets). Several protocols (`/tcp,udp`) give one
    /// mapping each.
    public static func parse(_ spec: String) throws -> [PortMapping] {
        func invalid(_ why: String) -> EngineError { EngineError.invalid("invalid publish spec \(spec.debugDescription): \(why)") }
        var rest = Substring(spec)
        var protocols: [Proto] = [.tcp]
        if let slash = rest.lastIndex(of: "/") {
            protocols = try rest[rest.index(after: slash)...].split(separator: ",").map {
                guard let p = Proto(rawValue: String($0)) else { throw invalid("unknown protocol \($0)") }
                return p
            }
            rest = rest[..<slash]
        }
        var hostIP = ""
        if rest.hasPrefix("[") {
            guard let close = rest.firstIndex(of: "]") else { throw invalid("unclosed [") }
            hostIP = String(rest[rest.index(after: rest.startIndex)..<close])
            rest = rest[rest.index(after: close)...]
            guard rest.hasPrefix(":") else { throw invalid("a bracketed address needs :PORT after it") }
            rest = rest.dropFirst()
        }
        var parts = rest.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        if parts.count == 3 {
            guard hostIP.isEmpty else { throw invalid("too many colons") }
            hostIP = parts.removeFirst()
        }
        guard parts.count == 1 || parts.count == 2 else { throw invalid("too many colons") }
        if !hostIP.isEmpty && IPAddress(hostIP) == nil { throw invalid("\(hostIP) is not an IP address") }
        let container = try portRange(parts.last!, spec: spec)
        guard container.start > 0 else { throw invalid("container port 0") }
        var host: (start: UInt16, count: UInt16) = (0, container.count)
        if parts.count == 2 && !parts[0].isEmpty {
            host = try portRange(parts[0], spec: spec)
            guard host.count == container.count || host.count == 1 && host.start == 0 else {
                throw invalid("host and container port ranges differ in length")
            }
        }
        return protocols.map { PortMapping(hostIP: hostIP, containerPort: container.start, hostPort: host.start, range: container.count, proto: $0) }
    }

    private static func portRange(_ text: String, spec: String) throws -> (start: UInt16, count: UInt16) {
        let ends = text.split(separator: "-", omittingEmptySubsequences: false)
        guard ends.count <= 2, let start = UInt16(ends[0]), let end = ends.count == 2 ? UInt16(ends[1]) : start, end >= start else {
            throw EngineError.invalid("invalid publish spec \(spec.debugDescription): \(text.debugDescription) is not a port or port range")
        }
        return (start, end - start + 1)
    }
}
