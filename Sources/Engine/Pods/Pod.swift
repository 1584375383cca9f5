import Foundation

/// A pod and its containers as the commands show them: the record, its
/// configuration and each container's current state (infra included).
public struct Pod: Sendable {
    public var record: PodRecord
    public var config: PodConfiguration
    /// Oldest first; the infra container among them (when it exists).
    public var containers: [Container]

    public var id: String { record.id }
    public var name: String { record.name }
    public var infra: Container? { containers.first { $0.id == record.infraId } }
    /// The containers other than the infra one.
    public var members: [Container] { containers.filter { $0.id != record.infraId } }

    /// Podman's pod status: from the containers' states.
    public var status: String {
        let states = containers.map(\.state.status)
        if states.isEmpty { return "Created" }
        let running = states.filter { $0 == .running || $0 == .stopping }.count
        let paused = states.filter { $0 == .paused }.count
        if running == states.count { return "Running" }
        if paused == states.count { return "Paused" }
        if running + paused > 0 { return "Degraded" }
        if states.allSatisfy({ $0 == .created }) { return "Created" }
        if states.allSatisfy({ $0 == .exited }) { return "Exited" }
        return "Stopped"
    }
}
