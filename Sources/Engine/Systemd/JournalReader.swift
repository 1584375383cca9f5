#if canImport(Glibc)
import Glibc
#endif
import CShim
import Foundation

/// Reads journal entries: a container's journald log (written by the
/// monitor with `CONTAINER_ID_FULL=<id>`) for `berth logs`, berth's events.
package final class JournalReader {
    private var journal: OpaquePointer?

    /// The entries with every one of `matches` (`FIELD=value`).
    package init(matches: [String]) throws {
        var j: OpaquePointer?
        if engine_journal_load() < 0 {
            throw EngineError(.system, "cannot read the journal: " + String(cString: engine_journal_load_error()))
        }
        let rc = engine_sd_journal_open(&j, ENGINE_SD_JOURNAL_LOCAL_ONLY)
        if rc < 0 { throw EngineError.system("cannot open the journal", -rc) }
        journal = j
        for match in matches { _ = match.withCString { engine_sd_journal_add_match(j, $0, 0) } }
    }

    package convenience init(containerID: String) throws {
        try self.init(matches: ["CONTAINER_ID_FULL=" + containerID])
    }

    deinit { engine_sd_journal_close(journal) }

    package func seekHead() { engine_sd_journal_seek_head(journal) }

    /// Moves to the next entry; false at the end (for now).
    package func next() -> Bool { engine_sd_journal_next(journal) > 0 }

    /// A field of the current entry as text.
    package func string(_ name: String) -> String? {
        field(name).map { String(decoding: $0, as: UTF8.self) }
    }

    /// The value of a field of the current entry, valid until the next
    /// call into the journal.
    private func field(_ name: String) -> UnsafeRawBufferPointer? {
        var data: UnsafeRawPointer?
        var length = 0
        guard engine_sd_journal_get_data(journal, name, &data, &length) >= 0, let data else { return nil }
        let prefix = name.utf8.count + 1
        guard length >= prefix else { return nil }
        return UnsafeRawBufferPointer(start: data + prefix, count: length - prefix)
    }

    /// Every entry from the start (or after `since`), then, if `follow`,
    /// waits for new ones until `keepGoing` returns false. The message is
    /// passed as the journal stores it, byte for byte.
    package func read(since: Double?, follow: Bool, keepGoing: () -> Bool, _ emit: (LogRecord) throws -> Void) throws {
        if let since {
            engine_sd_journal_seek_realtime_usec(journal, UInt64(since * 1_000_000))
        } else {
            engine_sd_journal_seek_head(journal)
        }
        while true {
            while engine_sd_journal_next(journal) > 0 {
                var usec: UInt64 = 0
                engine_sd_journal_get_realtime_usec(journal, &usec)
                let stderr = field("PRIORITY").map { $0.elementsEqual("3".utf8) } ?? false
                let partial = field("CONTAINER_PARTIAL_MESSAGE").map { $0.elementsEqual("true".utf8) } ?? false
                // MESSAGE last: each lookup may reuse the buffer of the one before.
                let message = field("MESSAGE") ?? UnsafeRawBufferPointer(start: nil, count: 0)
                try emit(LogRecord(storedTime: UnsafeRawBufferPointer(start: nil, count: 0), journalTime: Double(usec) / 1_000_000,
                                   stderr: stderr, partial: partial, content: message))
            }
            if !follow || !keepGoing() { return }
            _ = engine_sd_journal_wait(journal, 250_000)
        }
    }
}
