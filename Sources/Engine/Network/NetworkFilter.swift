import Foundation

/// `network ls --filter` / `network prune --filter`: `name=` (a regular
/// expression), `id=` (prefix), `driver=`, `label=KEY[=VALUE]`,
/// `label!=`, `dangling=true|false`, `until=`. Several values of one key
/// match any; different keys must all match.
public struct NetworkFilter {
    var terms: [(key: String, value: String)] = []

    public init(_ specs: [String]) throws {
        for spec in specs {
            let kv = spec.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false).map(String.init)
            guard kv.count == 2, ["name", "id", "driver", "label", "label!", "dangling", "until"].contains(kv[0]) else {
                throw EngineError.invalid("invalid filter \(spec.debugDescription): use name=, id=, driver=, label=, label!=, dangling= or until=")
            }
            if kv[0] == "dangling" && !["true", "false", "1", "0"].contains(kv[1]) {
                throw EngineError.invalid("invalid dangling filter value \(kv[1].debugDescription)")
            }
            if kv[0] == "until" && Timestamp.parse(kv[1]) == nil && Double(kv[1]) == nil {
                throw EngineError.invalid("invalid until filter value \(kv[1].debugDescription): a timestamp or Unix seconds")
            }
            terms.append((kv[0], kv[1]))
        }
    }

    /// `inUse`: whether containers join the network (for `dangling`).
    public func matches(_ config: NetworkConfig, inUse: () throws -> Bool) rethrows -> Bool {
        for key in Set(terms.map(\.key)) {
            let values = terms.filter { $0.key == key }.map(\.value)
            var any = false
            for value in values where !any {
                switch key {
                case "name": any = config.name.range(of: value, options: .regularExpression) != nil
                case "id": any = config.id.hasPrefix(value)
                case "driver": any = config.driver == value
                case "label", "label!":
                    let l = value.split(separator: "=", maxSplits: 1).map(String.init)
                    let has = !l.isEmpty && config.labels?[l[0]] != nil && (l.count == 1 || config.labels?[l[0]] == l[1])
                    any = key == "label" ? has : !has
                case "dangling": any = (try !inUse()) == (value == "true" || value == "1")
                default:
                    let limit = Timestamp.parse(value) ?? Double(value) ?? 0
                    any = (Timestamp.parse(config.created) ?? 0) < limit
                }
            }
            if !any { return false }
        }
        return true
    }
}
