/// One network a bridge-mode container joins (`--network NAME[:ip=,mac=,alias=,interface_name=]`,
/// `--ip`, `--mac-address`, `--network-alias`).
public struct NetworkAttachmentSpec: Codable, Sendable, Equatable {
    public var name: String
    public var staticIPs: [String] = []
    public var macAddress: String?
    public var aliases: [String] = []
    public var interfaceName: String?

    package init(name: String) { self.name = name }

    /// `NAME[:key=value,...]` with Podman's keys.
    package init(parsing value: String) throws {
        let colon = value.firstIndex(of: ":")
        name = String(value[..<(colon ?? value.endIndex)])
        guard let colon else { return }
        for option in value[value.index(after: colon)...].split(separator: ",") {
            let kv = option.split(separator: "=", maxSplits: 1).map(String.init)
            guard kv.count == 2, !kv[1].isEmpty else {
                throw EngineError.invalid("invalid option for network \(name): \(String(option).debugDescription): expected key=value")
            }
            switch kv[0] {
            case "ip", "ip6": staticIPs.append(kv[1])
            case "mac": macAddress = kv[1]
            case "alias": aliases.append(kv[1])
            case "interface_name": interfaceName = kv[1]
            default: throw EngineError.invalid("unknown option for network \(name): \(kv[0].debugDescription)")
            }
        }
    }
}
