import CShim
import Foundation
import Testing

/// A datagram socket standing in for systemd's NOTIFY_SOCKET.
final class FakeNotifySocket {
    let fd: Int32
    let path: String

    init(path: String) throws {
        self.path = path
        fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        var on: Int32 = 1
        setsockopt(fd, SOL_SOCKET, SO_PASSCRED, &on, socklen_t(MemoryLayout<Int32>.size))
        // Never hang the suite: give up on a receive after a minute.
        var tv = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, socklen_t(MemoryLayout<timeval>.size))
        if path.withCString({ cshim_unix_bind(fd, $0) }) != 0 {
            throw HarnessError(description: "bind \(path): errno \(errno)")
        }
    }

    /// One datagram and the pid that sent it.
    func receive() -> (text: String, pid: Int32)? {
        var buf = [UInt8](repeating: 0, count: 4096)
        var pid: Int32 = 0
        let n = cshim_recv_with_pid(fd, &buf, buf.count, &pid)
        guard n >= 0 else { return nil }
        return (String(decoding: buf[0..<Int(n)], as: UTF8.self), pid)
    }

    deinit {
        close(fd)
        unlink(path)
    }
}

/// Sends one datagram to a unix socket path, as a workload's sd_notify would.
func sendDatagram(_ text: String, to path: String) -> Bool {
    let fd = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
    defer { close(fd) }
    return text.withCString { msg in path.withCString { cshim_unix_sendto(fd, msg, strlen(msg), $0) } } >= 0
}

@Suite("conmon-swift sd_notify relay", .enabled(if: Harness.canRunContainers, Harness.containerTestsReason))
struct NotifyRelayTests {
    @Test("allowed messages are relayed from the monitor's pid; MAINPID= and FDSTORE= are not")
    func relay() throws {
        let bundle = try TestBundle(args: ["sh", "-c", "read x"])
        let host = try FakeNotifySocket(path: bundle.root.appendingPathComponent("host-notify.sock").path)
        let monitor = try MonitorProcess(bundle, args: bundle.standardArgs() + ["-i", "--sdnotify-socket", host.path])
        #expect(monitor.syncMessage()?.pid ?? 0 > 0)
        let inner = bundle.bundle.appendingPathComponent("notify/notify.sock").path
        #expect(FileManager.default.fileExists(atPath: inner))

        // Forbidden only: nothing may come out of this one.
        #expect(sendDatagram("MAINPID=1\nFDSTORE=1", to: inner))
        #expect(sendDatagram("READY=1\nMAINPID=4242\nSTATUS=serving\nBARRIER=1", to: inner))
        #expect(sendDatagram("WATCHDOG=1", to: inner))

        let first = try #require(host.receive())
        #expect(first.text == "READY=1\nSTATUS=serving")
        #expect(first.pid == monitor.monitorPid)
        let second = try #require(host.receive())
        #expect(second.text == "WATCHDOG=1")
        #expect(second.pid == monitor.monitorPid)

        try monitor.startContainer()
        let client = try AttachClient(bundle: bundle)
        client.send("\n")
        #expect(try monitor.waitForMonitor() == 0)
    }
}
