import Foundation
import TOMLKit

/// Where events go (Podman's `events_logger`): the run root's log file
/// (berth's default), the journal, or nowhere.
public enum EventsBackend: String, Sendable {
    case file, journald, none

    /// `[engine] events_logger` from containers.conf, read once per
    /// process and only when an event is written or read; `file` unless set.
    package static func configured() throws -> EventsBackend {
        try processConfigured.get()
    }

    private static let processConfigured: Result<EventsBackend, EngineError> = {
        do { return .success(try load(files: ContainersConf.files(rootless: Rootless.isActive))) } catch let error as EngineError {
            return .failure(error)
        } catch {
            return .failure(EngineError(.system, "reading containers.conf: \(error)"))
        }
    }()

    private struct File: Decodable {
        struct Engine: Decodable {
            var eventsLogger: String?
            enum CodingKeys: String, CodingKey { case eventsLogger = "events_logger" }
        }
        var engine: Engine?
    }

    static func load(files: [String]) throws -> EventsBackend {
        var backend = EventsBackend.file
        for (path, text) in try ContainersConf.texts(setting: ["events_logger"], in: files) {
            let file: File
            do { file = try TOMLDecoder().decode(File.self, from: text) } catch {
                throw EngineError(.invalidArgument, "reading containers.conf \(path): \(error)")
            }
            guard let value = file.engine?.eventsLogger, !value.isEmpty else { continue }
            guard let chosen = EventsBackend(rawValue: value) else {
                throw EngineError.invalid("containers.conf \(path): events_logger = \(value.debugDescription) is not supported: use file, journald or none")
            }
            backend = chosen
        }
        return backend
    }
}
