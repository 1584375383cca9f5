import Foundation

/// An exec session whose command the runtime could not start, read from
/// the runtime's JSON log, with Podman's words and exit statuses: 127 for
/// a command that does not exist, 126 for one that cannot be run
/// (libpod's `getOCIRuntimeError`).
struct ExecStartFailure {
    var runtime: String
    var message: String

    init(runtime: String, message: String) {
        self.runtime = runtime
        self.message = message
    }

    /// The last error the runtime logged, nil when it logged none (the
    /// command ran and its own status stands).
    init?(runtime: String, log: String) throws {
        guard FileSystem.exists(log) else { return nil }
        let text = String(decoding: try FileSystem.readFile(log), as: UTF8.self)
        var last: String?
        for line in text.split(separator: "\n") {
            guard let entry = try? JSONDecoder().decode(LogEntry.self, from: Data(line.utf8)), entry.level == "error" else { continue }
            last = entry.msg
        }
        guard let last else { return nil }
        self.runtime = runtime
        message = last
    }

    private struct LogEntry: Decodable {
        var level: String
        var msg: String
    }

    var exitCode: Int32 {
        let m = message.lowercased()
        if m.contains("permission denied") || m.contains("operation not permitted") { return 126 }
        if m.contains("executable file not found in") || m.contains("no such file or directory") { return 127 }
        return 125
    }

    var engineError: EngineError {
        let reason: String
        switch exitCode {
        case 126: reason = "OCI permission denied"
        case 127: reason = "OCI runtime attempted to invoke a command that was not found"
        default: reason = "OCI runtime error"
        }
        return EngineError(.system, "\(runtime): \(message): \(reason)", exitCode: exitCode)
    }
}
