#if canImport(Glibc)
import Glibc
#endif
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

    /// Sends `state` (newline-separated assignments) as one datagram to
    /// $NOTIFY_SOCKET, as sd_notify(3) does (a leading `@` names an abstract
    /// socket). The caller's pid is the sender, which NotifyAccess=all accepts.
    static func send(_ state: String) throws {
        guard let socket else { return }
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var path = Array(socket.utf8)
        guard path.first == UInt8(ascii: "/") || path.first == UInt8(ascii: "@") else {
            throw EngineError(.invalidArgument, "NOTIFY_SOCKET \(socket.debugDescription) is neither a path nor an abstract socket")
        }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard path.count < capacity else {
            throw EngineError(.invalidArgument, "NOTIFY_SOCKET \(socket.debugDescription) is too long")
        }
        if path[0] == UInt8(ascii: "@") { path[0] = 0 }
        withUnsafeMutableBytes(of: &address.sun_path) { sunPath in
            sunPath.copyBytes(from: path)
        }
        // Abstract names are not NUL-terminated: the length says where they end.
        let length = socklen_t(MemoryLayout<sa_family_t>.size + path.count + (path[0] == 0 ? 0 : 1))
        let fd = Glibc.socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        if fd < 0 { throw EngineError.system("sd_notify: socket", errno) }
        defer { close(fd) }
        let bytes = Array(state.utf8)
        let sent = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { addr in
                bytes.withUnsafeBytes { buffer in
                    sendto(fd, buffer.baseAddress, buffer.count, 0, addr, length)
                }
            }
        }
        if sent < 0 { throw EngineError.system("sd_notify \(state.debugDescription) to \(socket)", errno) }
    }
}
