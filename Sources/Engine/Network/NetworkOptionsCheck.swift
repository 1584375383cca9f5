/// The `--opt` keys each driver takes, checked at `network create` as
/// Podman checks them (unknown keys and malformed values are errors).
enum NetworkOptionsCheck {
    static func validate(_ options: [String: String], driver: NetworkCreateRequest.Driver) throws -> [String: String] {
        for (key, value) in options {
            switch (driver, key) {
            case (_, "mtu"), (_, "metric"), (.bridge, "vlan"):
                guard let n = Int(value), n >= 0 else {
                    throw EngineError.invalid("invalid \(key) value \(value.debugDescription) for the \(driver.rawValue) network option \(key)")
                }
                if key == "vlan" && n > 4094 { throw EngineError.invalid("vlan ID \(n) must be between 0 and 4094") }
            case (.bridge, "isolate"):
                guard ["true", "false", "strict"].contains(value) else {
                    throw EngineError.invalid("invalid isolate value \(value.debugDescription): true, false or strict")
                }
            case (.macvlan, "mode"):
                guard ["bridge", "private", "vepa", "passthru"].contains(value) else {
                    throw EngineError.invalid("unknown macvlan mode \(value.debugDescription)")
                }
            case (.ipvlan, "mode"):
                guard ["l2", "l3", "l3s"].contains(value) else {
                    throw EngineError.invalid("unknown ipvlan mode \(value.debugDescription)")
                }
            default:
                throw EngineError.invalid("unsupported \(driver.rawValue) network option \(key)")
            }
        }
        return options
    }
}
