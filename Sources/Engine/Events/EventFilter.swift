/// `events --filter KEY=VALUE`: container, event (or status), image, type,
/// volume, network, pod, label. Values of one key are alternatives; different keys must
/// all match.
package struct EventFilter: Sendable {
    private var conditions: [String: [String]] = [:]

    package static let keys = ["container", "event", "status", "image", "type", "volume", "network", "pod", "label"]

    package init(_ specs: [String]) throws {
        for spec in specs {
            let parts = spec.split(separator: "=", maxSplits: 1).map(String.init)
            guard parts.count == 2 else { throw EngineError.invalid("invalid filter \(spec.debugDescription)") }
            var key = parts[0].lowercased()
            guard Self.keys.contains(key) else { throw EngineError.invalid("\(parts[0]) is an invalid filter") }
            if key == "status" { key = "event" }
            conditions[key, default: []].append(parts[1])
        }
    }

    package func matches(_ e: EngineEvent) -> Bool {
        conditions.allSatisfy { key, values in values.contains { match(key, $0, e) } }
    }

    private func match(_ key: String, _ value: String, _ e: EngineEvent) -> Bool {
        switch key {
        case "container": return e.kind == .container && (e.Name == value || (e.ID ?? "").hasPrefix(value))
        case "event": return e.Status == value
        case "image":
            if e.kind == .image { return e.Name == value || (e.ID ?? "").hasPrefix(value) || ImageStore.matches(name: e.Name ?? "", reference: value) }
            return e.kind == .container && (e.Image == value || ImageStore.matches(name: e.Image ?? "", reference: value))
        case "type": return e.kind.rawValue == value
        case "volume": return e.kind == .volume && e.Name == value
        case "network": return e.kind == .network && e.Network == value
        case "pod": return e.kind == .pod && (e.Name == value || (e.ID ?? "").hasPrefix(value))
        case "label":
            let kv = value.split(separator: "=", maxSplits: 1).map(String.init)
            guard let v = e.Attributes?[kv[0]] else { return false }
            return kv.count == 1 || v == kv[1]
        default: return false
        }
    }
}
