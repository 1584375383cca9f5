/// A container's `resources`: berth applies `limits.memory`.
public struct KubeResources: Codable, Sendable {
    public var limits: [String: String]?
    public var requests: [String: String]?

    /// A Kubernetes quantity in bytes: `128974848`, `129e6`, `129M`, `123Mi`.
    static func bytes(_ quantity: String) -> Int64? {
        let suffixes: [(String, Double)] = [("Ki", 1024), ("Mi", 1024 * 1024), ("Gi", 1024 * 1024 * 1024), ("Ti", 1024 * 1024 * 1024 * 1024),
                                            ("k", 1e3), ("M", 1e6), ("G", 1e9), ("T", 1e12)]
        var number = quantity
        var multiplier = 1.0
        for (suffix, factor) in suffixes where quantity.hasSuffix(suffix) {
            number = String(quantity.dropLast(suffix.count))
            multiplier = factor
            break
        }
        guard let value = Double(number), value.isFinite, value >= 0 else { return nil }
        let bytes = value * multiplier
        guard bytes < 9.2e18 else { return nil }
        return Int64(bytes.rounded(.up))
    }
}
