#if canImport(Glibc)
import Glibc
#endif
import CShim
import Foundation

/// Reads a container's journald log entries (written by the monitor with
/// `CONTAINER_ID_FULL=<id>`) for `berth logs`.
package final class JournalReader {
    package struct Entry {
        package var time: Double
        package var message: String
        package var stderr: Bool
        package var partial: Bool
    }

    private var journal: OpaquePointer?

    package init(containerID: String) throws {
        var j: OpaquePointer?
        if engine_journal_load() < 0 {
            throw EngineError(.system, "cannot read the journal: " + String(cString: engine_journal_load_error()))
        }
        let rc = engine_sd_journal_open(&j, ENGINE_SD_JOURNAL_LOCAL_ONLY)
        if rc < 0 { throw EngineError.system("cannot open the journal", -rc) }
        journal = j
        let match = "CONTAINER_ID_FULL=" + containerID
        _ = match.withCString { engine_sd_journal_add_match(j, $0, 0) }
    }

    deinit { engine_sd_journal_close(journal) }

    private func field(_ name: String) -> String? {
        var data: UnsafeRawPointer?
        var length = 0
        guard engine_sd_journal_get_data(journal, name, &data, &length) >= 0, let data else { return nil }
        let bytes = UnsafeRawBufferPointer(start: data, count: length)
        let prefix = name.utf8.count + 1
        guard length >= prefix else { return nil }
        return String(decoding: bytes[prefix...], as: UTF8.self)
    }

    /// Every entry from the start (or after `since`), then, if `follow`,
    /// waits for new ones until `keepGoing` returns false.
    package func read(since: Double?, follow: Bool, keepGoing: () -> Bool, _ emit: (Entry) -> Void) {
        if let since {
            engine_sd_journal_seek_realtime_usec(journal, UInt64(since * 1_000_000))
        } else {
            engine_sd_journal_seek_head(journal)
        }
        while true {
            while engine_sd_journal_next(journal) > 0 {
                var usec: UInt64 = 0
                engine_sd_journal_get_realtime_usec(journal, &usec)
                let priority = field("PRIORITY")
                emit(Entry(time: Double(usec) / 1_000_000, message: field("MESSAGE") ?? "",
                           stderr: priority == "3", partial: field("CONTAINER_PARTIAL_MESSAGE") == "true"))
            }
            if !follow || !keepGoing() { return }
            _ = engine_sd_journal_wait(journal, 250_000)
        }
    }
}
