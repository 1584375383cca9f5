import CShim

/// The monitor's own messages: stderr until it detaches, syslog with --syslog.
enum Diagnostics {
    nonisolated(unsafe) static var useSyslog = false
    nonisolated(unsafe) static var debugEnabled = false
    nonisolated(unsafe) static var detached = false

    static func warn(_ message: String) {
        emit(LOG_WARNING, message)
    }

    static func debug(_ message: String) {
        if debugEnabled { emit(LOG_DEBUG, message) }
    }

    static func emit(_ priority: Int32, _ message: String) {
        if !detached { Sys.writeAll(2, "conmon-swift: " + message + "\n") }
        if useSyslog { message.withCString { cshim_syslog(priority, $0) } }
    }

    /// Reports a startup error and exits non-zero.
    static func fail(_ message: String) -> Never {
        emit(LOG_ERR, message)
        exit(1)
    }
}
