import Foundation

/// A store's events from the first on: each `poll` returns those written
/// since the one before (the file from the last whole line read, the
/// journal from its last entry).
package final class EventReader {
    private enum Source {
        case file(EventLog, offset: UInt64)
        case journal(JournalReader)
        case none
    }
    private var source: Source

    init(_ log: EventLog) throws {
        switch try log.backend() {
        case .file: source = .file(log, offset: 0)
        case .none: source = .none
        case .journald:
            let reader = try JournalReader(matches: ["SYSLOG_IDENTIFIER=" + JournalEvents.identifier, "BERTH_STORE=" + log.store])
            reader.seekHead()
            source = .journal(reader)
        }
    }

    package func poll() throws -> [EngineEvent] {
        switch source {
        case .file(let log, let offset):
            let (events, next) = try log.read(from: offset)
            source = .file(log, offset: next)
            return events
        case .journal(let reader):
            var events: [EngineEvent] = []
            while reader.next() {
                if let event = JournalEvents.event(at: reader) { events.append(event) }
            }
            return events
        case .none:
            return []
        }
    }
}

extension EventLog {
    /// Reads this store's events from whichever backend it writes to.
    package func reader() throws -> EventReader { try EventReader(self) }
}
