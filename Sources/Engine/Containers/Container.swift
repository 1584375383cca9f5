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

    /// Why the stored record cannot be read (nil when it can). Such a
    /// container is listed, refuses everything but `rm -f`, and `inspect`
    /// says this.
    public var unreadable: String?
    /// The state column could be read: `held` says what to release.
    public var stateReadable: Bool { unreadableState == nil }
    private var unreadableState: String?

    /// Never fails: a record that cannot be decoded is kept, with what is
    /// wrong in `unreadable` (a record dropped here would hide its mounts).
    init(record: ContainerRecord, stateData: Data?) {
        self.record = record
        var problems: [String] = []
        if let data = record.config {
            do {
                config = try JSONDecoder().decode(ContainerConfiguration.self, from: data)
            } catch {
                config = .unreadable
                problems.append("configuration: \(Container.describe(error))")
            }
        } else {
            config = .unreadable
            problems.append("configuration: none stored")
        }
        state = ContainerRunState()
        if let stateData {
            do {
                state = try JSONDecoder().decode(ContainerRunState.self, from: stateData)
            } catch {
                unreadableState = "state: \(Container.describe(error))"
                problems.append(unreadableState!)
            }
        }
        unreadable = problems.isEmpty ? nil : problems.joined(separator: "; ")
    }

    /// A decoding error as a line: which field, what was wrong.
    static func describe(_ error: Error) -> String {
        func path(_ context: DecodingError.Context) -> String {
            let keys = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? "." + $0.stringValue }.joined()
            return keys.isEmpty ? "" : keys.hasPrefix(".") ? String(keys.dropFirst()) + ": " : keys + ": "
        }
        switch error as? DecodingError {
        case .dataCorrupted(let context)?: return path(context) + context.debugDescription
        case .keyNotFound(let key, let context)?: return path(context) + "missing field \(key.stringValue)"
        case .typeMismatch(_, let context)?, .valueNotFound(_, let context)?: return path(context) + context.debugDescription
        default: return "\(error)"
        }
    }

    /// Refuses anything but removal of an unreadable container.
    func requireReadable(_ action: String) throws {
        if let unreadable {
            throw EngineError(.corrupt, "cannot \(action) container \(id): its stored record cannot be read (\(unreadable)); `rm -f` removes it")
        }
    }

    /// Podman's status word (`inspect` State.Status).
    public var statusWord: String {
        if unreadable != nil { return "unreadable" }
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
        if unreadable != nil { return "Unreadable record (see inspect)" }
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
