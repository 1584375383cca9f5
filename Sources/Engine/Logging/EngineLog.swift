import CShim
#if canImport(Glibc)
import Glibc
#endif

/// `--log-level`: berth's own diagnostics on stderr, in the form Podman's
/// logrus writes them when stderr is not a terminal
/// (`time="..." level=debug msg="..."`). Off below `warn` by default, and
/// cheap when off: the message is an autoclosure.
package enum EngineLog {
    package enum Level: Int, Comparable, Sendable {
        case trace, debug, info, warn, error, fatal, panic

        package init?(name: String) {
            switch name {
            case "trace": self = .trace
            case "debug": self = .debug
            case "info": self = .info
            case "warn", "warning": self = .warn
            case "error": self = .error
            case "fatal": self = .fatal
            case "panic": self = .panic
            default: return nil
            }
        }

        var word: String {
            switch self {
            case .trace: "trace"
            case .debug: "debug"
            case .info: "info"
            case .warn: "warning"
            case .error: "error"
            case .fatal: "fatal"
            case .panic: "panic"
            }
        }

        package static func < (a: Level, b: Level) -> Bool { a.rawValue < b.rawValue }
    }

    /// Set once by the CLI before any work (a short-lived, single-threaded process).
    nonisolated(unsafe) package static var level: Level = .warn
    /// `--syslog`: each message goes to syslog(3) as well.
    nonisolated(unsafe) package static var syslog = false

    package static func debug(_ message: @autoclosure () -> String) { emit(.debug, message) }
    package static func info(_ message: @autoclosure () -> String) { emit(.info, message) }
    package static func warn(_ message: @autoclosure () -> String) { emit(.warn, message) }

    private static func emit(_ at: Level, _ message: () -> String) {
        guard at >= level else { return }
        if syslog { sendToSyslog(at, message()) }
        var text = "time=\"\(Timestamp.rfc3339(Timestamp.now()))\" level=\(at.word) msg=\""
        for ch in message().unicodeScalars {
            switch ch {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\n": text += "\\n"
            default: text.unicodeScalars.append(ch)
            }
        }
        text += "\"\n"
        var bytes = Array(text.utf8)
        var offset = 0
        while offset < bytes.count {
            let n = bytes.withUnsafeMutableBytes { write(2, $0.baseAddress! + offset, $0.count - offset) }
            if n <= 0 { if errno == EINTR { continue }; return }
            offset += n
        }
    }

    private static func sendToSyslog(_ at: Level, _ message: String) {
        let priority: Int32 = switch at {
        case .trace, .debug: LOG_DEBUG
        case .info: LOG_INFO
        case .warn: LOG_WARNING
        case .error: LOG_ERR
        case .fatal, .panic: LOG_CRIT
        }
        cshim_syslog(priority, message)
    }
}
