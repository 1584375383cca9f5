import Foundation
import GRDB

/// A container as the lifecycle sees it: its storage record, its
/// configuration, and its run state.
public struct Container: Sendable {
    public var record: ContainerRecord
    public var config: ContainerConfiguration
    public var state: ContainerRunState

    public var id: String { record.id }
    public var name: String { record.name }
    public var shortID: String { String(record.id.prefix(12)) }

    /// Its processes exist: running, being stopped, or paused.
    public var isRunning: Bool { state.status == .running || state.status == .stopping || state.status == .paused }

    init(record: ContainerRecord, stateData: Data?) throws {
        self.record = record
        guard let data = record.config, let config = try? JSONDecoder().decode(ContainerConfiguration.self, from: data) else {
            throw EngineError(.corrupt, "container \(record.id) has no readable configuration")
        }
        self.config = config
        state = stateData.flatMap { try? JSONDecoder().decode(ContainerRunState.self, from: $0) } ?? ContainerRunState()
    }

    /// Podman's status word (`inspect` State.Status).
    public var statusWord: String {
        switch state.status {
        case .created: return "created"
        case .running: return "running"
        case .stopping: return "stopping"
        case .exited: return "exited"
        case .paused: return "paused"
        }
    }

    /// `ps` STATUS column: "Up 3 seconds (healthy)", "Exited (0) 2 minutes ago", "Created".
    /// `health`: the healthcheck status (`HealthState.Status`), nil without a healthcheck.
    public func humanStatus(now: Double = Timestamp.now(), health: String? = nil) -> String {
        switch state.status {
        case .created: return "Created"
        case .running, .stopping:
            return "Up " + Timestamp.humanSince(state.startedAt ?? now, now: now) + (health.map { " (" + $0 + ")" } ?? "")
        case .exited:
            return "Exited (\(state.exitCode)) " + Timestamp.humanSince(state.finishedAt ?? now, now: now)
        case .paused: return "Paused"
        }
    }
}
