/// One `pod ps --filter KEY=VALUE` condition, Podman's keys.
public struct PodFilter: Sendable {
    public enum Key: String, Sendable {
        case id, name, label, status, network
        case ctrNames = "ctr-names", ctrIDs = "ctr-ids", ctrStatus = "ctr-status", ctrNumber = "ctr-number"
    }

    public var key: Key
    public var value: String

    public init(parsing text: String) throws {
        let kv = text.split(separator: "=", maxSplits: 1).map(String.init)
        guard kv.count == 2, let key = Key(rawValue: kv[0]) else {
            throw EngineError.invalid("invalid filter \(text.debugDescription): use id, name, label, status, network, ctr-names, ctr-ids, ctr-status or ctr-number")
        }
        self.key = key
        value = kv[1]
    }

    public func matches(_ pod: Pod) -> Bool {
        switch key {
        case .id: return pod.id.hasPrefix(value)
        case .name: return pod.name.contains(value)
        case .label:
            let l = value.split(separator: "=", maxSplits: 1).map(String.init)
            return !l.isEmpty && pod.config.labels[l[0]] != nil && (l.count == 1 || pod.config.labels[l[0]] == l[1])
        case .status: return pod.status.lowercased() == value.lowercased()
        case .network: return pod.infra?.config.networks?.contains { $0.name == value } ?? false
        case .ctrNames: return pod.containers.contains { $0.name == value }
        case .ctrIDs: return pod.containers.contains { $0.id.hasPrefix(value) }
        case .ctrStatus: return pod.containers.contains { $0.statusWord == value }
        case .ctrNumber: return Int(value) == pod.containers.count
        }
    }
}
