#if canImport(Glibc)
import Glibc
#endif
import CShim
import Foundation

/// How a started container reports readiness to systemd (`--sdnotify`).
public enum SdNotifyMode: String, Codable, Sendable, CaseIterable {
    /// berth sends MAINPID=<monitor> and READY=1 once the container runs.
    case conmon
    /// berth sends MAINPID only; the workload's READY=1 is relayed by the monitor.
    case container
    /// READY=1 after the first passing healthcheck.
    case healthy
    /// Nothing is sent; NOTIFY_SOCKET is not passed on.
    case ignore
}

/// sd_notify for the service that runs `berth` (when NOTIFY_SOCKET is set).
package enum SystemdNotify {
    static var socket: String? {
        guard let s = ProcessInfo.processInfo.environment["NOTIFY_SOCKET"], !s.isEmpty else { return nil }
        return s
    }

    /// Under systemd: a unit invocation started us.
    package static var underSystemd: Bool {
        ProcessInfo.processInfo.environment["INVOCATION_ID"].map { !$0.isEmpty } ?? false
    }

    /// Sends `state` (newline-separated assignments) as one datagram to
    /// $NOTIFY_SOCKET, as sd_notify(3) does (a leading `@` names an abstract
    /// socket). The caller's pid is the sender, which NotifyAccess=all accepts.
    static func send(_ state: String) throws {
        guard let socket else { return }
        guard socket.hasPrefix("/") || socket.hasPrefix("@") else {
            throw EngineError(.invalidArgument, "NOTIFY_SOCKET \(socket.debugDescription) is neither a path nor an abstract socket")
        }
        let fd = Glibc.socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        if fd < 0 { throw EngineError.system("sd_notify: socket", errno) }
        defer { close(fd) }
        let bytes = Array(state.utf8)
        let sent = socket.withCString { path in bytes.withUnsafeBytes { cshim_unix_sendto(fd, $0.baseAddress, $0.count, path) } }
        if sent < 0 { throw EngineError.system("sd_notify \(state.debugDescription) to \(socket)", errno) }
    }
}
