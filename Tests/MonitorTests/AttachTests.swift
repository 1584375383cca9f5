import CShim
import Foundation
import Testing

/// A client of `<bundle>/attach`.
final class AttachClient {
    let fd: Int32

    init(bundle: TestBundle) throws {
        fd = socket(AF_UNIX, Int32(SOCK_SEQPACKET.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        // Bind-free connect through /proc to stay under the sun_path limit.
        let dir = open(bundle.bundle.path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        defer { close(dir) }
        var addr = sockaddr_un()
        addr.sun_family = sa_family_t(AF_UNIX)
        let path = "/proc/self/fd/\(dir)/attach"
        withUnsafeMutableBytes(of: &addr.sun_path) { raw in
            _ = path.withCString { strncpy(raw.baseAddress!.assumingMemoryBound(to: CChar.self), $0, raw.count - 1) }
        }
        let rc = withUnsafePointer(to: &addr) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(fd, $0, socklen_t(MemoryLayout<sockaddr_un>.size)) }
        }
        if rc != 0 { throw HarnessError(description: "connect attach: errno \(errno)") }
    }

    func send(_ text: String) {
        _ = text.withCString { Glibc.send(fd, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
    }

    /// Reads records until `done` says enough or the monitor closes the socket.
    func receive(until done: ([(UInt8, String)]) -> Bool) -> [(UInt8, String)] {
        var records: [(UInt8, String)] = []
        var buf = [UInt8](repeating: 0, count: 8193)
        while !done(records) {
            let n = recv(fd, &buf, buf.count, 0)
            if n <= 0 { break }
            records.append((buf[0], String(decoding: buf[1..<n], as: UTF8.self)))
        }
        return records
    }

    deinit { close(fd) }
}

@Suite("conmon-swift attach and terminal", .enabled(if: Harness.canRunContainers, Harness.containerTestsReason))
struct AttachTests {
    @Test("attach clients get framed stdout/stderr and feed stdin")
    func attachPipes() throws {
        let bundle = try TestBundle(args: ["sh", "-c", "read line; echo got:$line; echo oops >&2; read again; echo end:$again"])
        let monitor = try MonitorProcess(bundle, args: bundle.standardArgs() + ["-i", "-l", "k8s-file:" + bundle.logFile.path])
        #expect(monitor.syncMessage()?.pid ?? 0 > 0)
        let first = try AttachClient(bundle: bundle)
        let second = try AttachClient(bundle: bundle)
        try monitor.startContainer()
        first.send("hello\n")
        let got = second.receive { recs in
            recs.contains { $0.1.contains("got:hello") } && recs.contains { $0.1.contains("oops") }
        }
        #expect(got.contains { $0.0 == 2 && $0.1.contains("got:hello\n") })
        #expect(got.contains { $0.0 == 3 && $0.1.contains("oops\n") })
        second.send("bye\n")
        let rest = first.receive { recs in recs.contains { $0.1.contains("end:bye") } }
        #expect(rest.contains { $0.0 == 2 && $0.1.contains("end:bye\n") })
        #expect(try monitor.waitForMonitor() == 0)
    }

    @Test("a client leaving closes stdin unless --leave-stdin-open", arguments: [false, true])
    func stdinClosedOnDetach(leaveOpen: Bool) throws {
        // `cat` ends only when its stdin reaches end-of-file.
        let bundle = try TestBundle(args: ["sh", "-c", "cat; echo eof-seen"])
        // With stdin left open only --timeout can end `cat`; otherwise the
        // timeout is just a guard against hanging.
        var args = bundle.standardArgs() + ["-i", "-l", "k8s-file:" + bundle.logFile.path]
        args += leaveOpen ? ["--leave-stdin-open", "--timeout", "2"] : ["--timeout", "120"]
        let monitor = try MonitorProcess(bundle, args: args)
        #expect(monitor.syncMessage()?.pid ?? 0 > 0)
        var client: AttachClient? = try AttachClient(bundle: bundle)
        try monitor.startContainer()
        client?.send("data\n")
        _ = client?.receive { recs in recs.contains { $0.1.contains("data") } }
        client = nil
        let code = try monitor.waitForMonitor()
        if leaveOpen {
            #expect(code == 137, "stdin stayed open, so only --timeout ended the container")
        } else {
            #expect(code == 0)
            let log = LogRecord.reassemble(LogRecord.parse(try Data(contentsOf: bundle.logFile)), stream: "stdout")
            #expect(log == "data\neof-seen\n")
        }
    }

    @Test("-t: the container gets a terminal, resized through ctl or winsz", arguments: ["ctl", "winsz"])
    func terminal(fifo: String) throws {
        let script = "tty; while true; do s=$(stty size); [ \"$s\" = \"30 100\" ] && break; sleep 0.05; done; echo size:$s"
        let bundle = try TestBundle(args: ["sh", "-c", script], terminal: true)
        let monitor = try MonitorProcess(bundle, args: bundle.standardArgs() + ["-t", "-l", "k8s-file:" + bundle.logFile.path])
        #expect(monitor.syncMessage()?.pid ?? 0 > 0)
        try monitor.startContainer()
        let ctl = open(bundle.bundle.appendingPathComponent(fifo).path, O_WRONLY | O_CLOEXEC)
        _ = "1 30 100\n".withCString { write(ctl, $0, strlen($0)) }
        close(ctl)
        #expect(try monitor.waitForMonitor() == 0)
        let log = try String(contentsOf: bundle.logFile, encoding: .utf8)
        #expect(log.contains("/dev/pts/"))
        #expect(log.contains("size:30 100"))
    }

    @Test("-t -i: attach input reaches the terminal, output comes back as stdout records")
    func terminalInput() throws {
        let bundle = try TestBundle(args: ["sh", "-c", "read x; echo got:$x"], terminal: true)
        let monitor = try MonitorProcess(bundle, args: bundle.standardArgs() + ["-t", "-i", "-l", "k8s-file:" + bundle.logFile.path])
        #expect(monitor.syncMessage()?.pid ?? 0 > 0)
        let client = try AttachClient(bundle: bundle)
        try monitor.startContainer()
        client.send("hi\n")
        let records = client.receive { recs in recs.contains { $0.1.contains("got:hi") } }
        #expect(records.contains { $0.0 == 2 && $0.1.contains("got:hi") })
        #expect(try monitor.waitForMonitor() == 0)
        #expect(try String(contentsOf: bundle.logFile, encoding: .utf8).contains("got:hi"))
    }
}
