import CShim

/// `<bundle>/notify/notify.sock`, the workload's NOTIFY_SOCKET. Allowed
/// state changes are passed on to the host socket from the monitor's own pid
/// (the service's MAINPID); everything else (MAINPID=, FDSTORE=, ...) is dropped.
final class NotifyRelay {
    let fd: Int32
    private let hostSocket: String
    private let sender: Int32
    private let buffer = UnsafeMutablePointer<UInt8>.allocate(capacity: 4096)


    init?(bundle: BundleDir, hostSocket: String) {
        let dir = "notify"
        _ = dir.withCString { mkdirat(bundle.fd, $0, 0o755) }
        let path = bundle.shortPath("notify/notify.sock")
        fd = bindUnixSocket(Int32(SOCK_DGRAM.rawValue), at: path)
        if fd < 0 { return nil }
        // The workload may run as any user.
        _ = path.withCString { chmod($0, 0o777) }
        self.hostSocket = hostSocket
        sender = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    }

    /// The state changes a workload may report for the service.
    static func allowed(_ line: String) -> Bool {
        switch ASCII(line) {
        case "READY=1", "RELOADING=1", "STOPPING=1", "WATCHDOG=1", "WATCHDOG=trigger": return true
        default: return line.startsWith("STATUS=") || line.startsWith("ERRNO=")
        }
    }

    /// Handles every datagram waiting on the socket.
    func relay() {
        while true {
            let n = recv(fd, buffer, 4095, Int32(MSG_DONTWAIT))
            if n < 0 && Sys.errno == EINTR { continue }
            if n <= 0 { return }
            let text = String(decoding: UnsafeBufferPointer(start: buffer, count: n), as: UTF8.self)
            var kept: [String] = []
            for line in text.splitBytes(10) where NotifyRelay.allowed(line) {
                kept.append(line)
            }
            guard !kept.isEmpty else { continue }
            var message = ""
            for (i, line) in kept.enumerated() {
                if i > 0 { message += "\n" }
                message += line
            }
            let rc = message.withCString { msg in
                hostSocket.withCString { cshim_unix_sendto(sender, msg, strlen(msg), $0) }
            }
            if rc < 0 { Diagnostics.warn("cannot relay notify message to \(hostSocket): \(Sys.errnoName(Sys.errno))") }
        }
    }
}
