/// `--filter` conditions for image listings and prunes, as Podman's:
/// `reference=`, `dangling=`, `label=KEY[=VALUE]`, `label!=KEY[=VALUE]`,
/// `id=`, `readonly=`, `until=` (a time as `logs --since` reads it:
/// RFC 3339, Unix seconds, or a duration back from now). Every condition
/// must match.
package struct ImageFilter {
    private enum Condition {
        case reference(String), dangling(Bool), label(String, String?, present: Bool), id(String), readonly(Bool), until(Double)
    }

    private var conditions: [Condition]

    package init(_ specs: [String], now: Double = Timestamp.now()) throws {
        conditions = try specs.map { spec in
            let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw EngineError.invalid("invalid image filter \(spec.debugDescription)") }
            let value = parts[1]
            switch parts[0] {
            case "reference": return .reference(value)
            case "dangling": return .dangling(value == "true" || value == "1")
            case "id": return .id(value)
            case "readonly": return .readonly(value == "true" || value == "1")
            case "until": return .until(try LogTimeBound.parse(value, now: now))
            case "label", "label!":
                let kv = value.split(separator: "=", maxSplits: 1).map(String.init)
                return .label(kv[0], kv.count == 2 ? kv[1] : nil, present: parts[0] == "label")
            default: throw EngineError.invalid("invalid image filter \(spec.debugDescription)")
            }
        }
    }

    package func matches(_ image: StoredImage) throws -> Bool {
        for condition in conditions {
            let match: Bool
            switch condition {
            case .dangling(let dangling): match = dangling == image.names.isEmpty
            case .id(let prefix): match = image.id.hasPrefix(prefix)
            case .readonly(let readonly): match = !readonly
            case .until(let limit): match = image.record.created < limit
            case .label(let key, let wanted, let present):
                let value = try image.decodedConfig().config?.labels?[key]
                let has = value != nil && (wanted == nil || value == wanted)
                match = has == present
            case .reference(let reference):
                match = image.names.contains { name in
                    name == reference || ImageStore.matches(name: name, reference: reference)
                        || Self.glob(reference, name) || Self.glob(reference, String(name.split(separator: "/").last ?? ""))
                }
            }
            if !match { return false }
        }
        return true
    }

    /// `*` and `?` wildcards, as reference filters allow.
    static func glob(_ pattern: String, _ text: String) -> Bool {
        guard pattern.contains("*") || pattern.contains("?") else {
            return text == pattern || text.hasPrefix(pattern + ":")
        }
        let p = Array(pattern), t = Array(text)
        var memo = [[Bool?]](repeating: [Bool?](repeating: nil, count: t.count + 1), count: p.count + 1)
        func m(_ i: Int, _ j: Int) -> Bool {
            if let v = memo[i][j] { return v }
            let v: Bool
            if i == p.count { v = j == t.count }
            else if p[i] == "*" { v = m(i + 1, j) || (j < t.count && m(i, j + 1)) }
            else { v = j < t.count && (p[i] == "?" || p[i] == t[j]) && m(i + 1, j + 1) }
            memo[i][j] = v
            return v
        }
        return m(0, 0)
    }
}
