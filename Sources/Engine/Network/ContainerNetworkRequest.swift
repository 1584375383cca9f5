/// One network a container joins, as `--network NAME[:ip=,mac=,alias=,interface_name=]`
/// (with `--ip`, `--ip6`, `--mac-address`, `--network-alias` folded into the first).
public struct ContainerNetworkRequest: Codable, Sendable, Equatable {
    public var name: String
    public var staticIPs: [String] = []
    public var staticMAC: String?
    public var aliases: [String] = []
    public var interfaceName: String?

    public init(name: String) { self.name = name }

    /// `NAME` or `NAME:key=value,...` (`ip`, `ip6`, `mac`, `alias`, `interface_name`).
    public static func parse(_ text: String) throws -> ContainerNetworkRequest {
        let colon = text.firstIndex(of: ":")
        var request = ContainerNetworkRequest(name: String(text[..<(colon ?? text.endIndex)]))
        guard let colon else { return request }
        for option in text[text.index(after: colon)...].split(separator: ",") {
            let kv = option.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2 else { throw EngineError.invalid("invalid option \(option.debugDescription) for network \(request.name)") }
            switch kv[0] {
            case "ip", "ip6":
                guard IPAddress(kv[1]) != nil else { throw EngineError.invalid("invalid IP address \(kv[1].debugDescription) for network \(request.name)") }
                request.staticIPs.append(kv[1])
            case "mac": request.staticMAC = try checkedMAC(kv[1])
            case "alias": request.aliases.append(kv[1])
            case "interface_name": request.interfaceName = kv[1]
            default: throw EngineError.invalid("unknown network option \(kv[0].debugDescription) for network \(request.name)")
            }
        }
        return request
    }

    /// `aa:bb:cc:dd:ee:ff`, lower-cased.
    public static func checkedMAC(_ text: String) throws -> String {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 6, parts.allSatisfy({ $0.count == 2 && UInt8($0, radix: 16) != nil }) else {
            throw EngineError.invalid("invalid MAC address \(text.debugDescription)")
        }
        return text.lowercased()
    }
}
