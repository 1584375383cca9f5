#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Listening sockets systemd handed to this process (sd_listen_fds(3)):
/// fds 3..<3+count, named by LISTEN_FDNAMES. A container started here gets
/// them at the same numbers, as Podman does for socket-activated units.
package struct SocketActivation: Equatable, Sendable {
    package var count: Int
    package var names: String?

    /// The fds are ours only when LISTEN_PID is this process.
    package static func fromEnvironment(_ environment: [String: String] = ProcessInfo.processInfo.environment,
                                        pid: Int32 = getpid()) -> SocketActivation? {
        guard let fds = environment["LISTEN_FDS"].flatMap({ Int($0) }), fds > 0,
              environment["LISTEN_PID"].flatMap({ Int32($0) }) == pid else { return nil }
        return SocketActivation(count: fds, names: environment["LISTEN_FDNAMES"])
    }

    /// The container's view: the same fds, and it is the listener. Its
    /// process is PID 1 of its own PID namespace, as Podman assumes too.
    package var containerEnvironment: [String] {
        ["LISTEN_FDS=\(count)", "LISTEN_PID=1"] + (names.map { ["LISTEN_FDNAMES=" + $0] } ?? [])
    }
}
