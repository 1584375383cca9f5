#if canImport(Glibc)
import Glibc
#endif
import CSystemd
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
enum SystemdNotify {
    static var socket: String? {
        guard let s = ProcessInfo.processInfo.environment["NOTIFY_SOCKET"], !s.isEmpty else { return nil }
        return s
    }

    /// Under systemd: a unit invocation started us.
    static var underSystemd: Bool {
        ProcessInfo.processInfo.environment["INVOCATION_ID"].map { !$0.isEmpty } ?? false
    }

    /// Sends `state` (newline-separated assignments). The caller's pid is the
    /// sender, which NotifyAccess=all accepts.
    static func send(_ state: String) throws {
        guard socket != nil else { return }
        let rc = sd_notify(0, state)
        if rc < 0 { throw EngineError.system("sd_notify \(state.debugDescription)", -rc) }
    }
}
