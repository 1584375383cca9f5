/// A `livenessProbe`: berth's healthcheck, as Podman turns it into one.
public struct KubeProbe: Codable, Sendable {
    public var exec: Exec?
    public var httpGet: HTTPGet?
    public var tcpSocket: TCPSocket?
    public var initialDelaySeconds: Int?
    public var periodSeconds: Int?
    public var timeoutSeconds: Int?
    public var failureThreshold: Int?

    public struct Exec: Codable, Sendable {
        public var command: [String]
    }

    public struct HTTPGet: Codable, Sendable {
        public var path: String?
        public var port: Port
        public var host: String?
        public var scheme: String?
    }

    public struct TCPSocket: Codable, Sendable {
        public var port: Port
        public var host: String?
    }

    /// A port number or the name of one of the container's ports.
    public enum Port: Codable, Sendable {
        case number(Int)
        case name(String)

        public init(from decoder: Decoder) throws {
            let value = try decoder.singleValueContainer()
            if let number = try? value.decode(Int.self) { self = .number(number) } else { self = .name(try value.decode(String.self)) }
        }

        public func encode(to encoder: Encoder) throws {
            var value = encoder.singleValueContainer()
            switch self {
            case .number(let number): try value.encode(number)
            case .name(let name): try value.encode(name)
            }
        }
    }
}
