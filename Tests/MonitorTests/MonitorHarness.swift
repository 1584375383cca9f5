import CShim
import Foundation
import Testing

#if canImport(Glibc)
import Glibc
#endif

/// Finds binaries, builds busybox bundles, and drives conmon-swift the way
/// berth does (sync/start SEQPACKET pipes, runc start, exit files).
enum Harness {
    static let runc = "/usr/sbin/runc"
    static let busybox = "/bin/busybox"

    /// Root, runc and a static busybox: what the container tests need; and
    /// leave to adopt orphans (see `ownsOrphans`).
    static let canRunContainers: Bool = {
        getuid() == 0 && FileManager.default.isExecutableFile(atPath: runc)
            && FileManager.default.isExecutableFile(atPath: busybox) && monitorBinary != nil && ownsOrphans
    }()

    /// The monitor detaches, so only a child subreaper sees its exit status.
    /// Making the test process one adopts every orphan of every other suite
    /// too (sdbox's nspawn, engine monitors), which nobody reaps: their
    /// zombies look alive to `kill -0` loops and hang those suites. So the
    /// monitor suites run in a process of their own, which opts in with
    /// `BERTH_TEST_SUBREAPER=1` (scripts/test.sh does).
    static let ownsOrphans = ProcessInfo.processInfo.environment["BERTH_TEST_SUBREAPER"] == "1"
    static let containerTestsReason: Comment = "needs root, /usr/sbin/runc, /bin/busybox, a built conmon-swift, and a test process of its own: BERTH_TEST_SUBREAPER=1 swift test --filter MonitorTests"

    /// `$BERTH_BIN_DIR/conmon-swift`, else next to the test bundle in `.build/<config>/`.
    static let monitorBinary: String? = {
        let fm = FileManager.default
        if let dir = ProcessInfo.processInfo.environment["BERTH_BIN_DIR"] {
            let path = dir + "/conmon-swift"
            return fm.isExecutableFile(atPath: path) ? path : nil
        }
        var url = URL(fileURLWithPath: (try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
        for _ in 0..<6 {
            url = url.deletingLastPathComponent()
            let candidate = url.appendingPathComponent("conmon-swift").path
            if fm.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()

    /// The test process adopts the detached monitors so it can read their
    /// exit status; SIGPIPE must not kill the test runner.
    static let setUp: Void = {
        if ownsOrphans { _ = cshim_set_child_subreaper(1) }
        signal(SIGPIPE, SIG_IGN)
    }()

    static func uniqueID(_ prefix: String) -> String {
        "\(prefix)-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
    }

    /// Spawns a program through CShim and waits for it; returns (status code, output).
    @discardableResult
    static func run(_ argv: [String], stdinFd: Int32 = -1, extraEnv: [String: String] = [:],
                    extraFds: [(Int32, Int32)] = []) -> (code: Int32, output: String) {
        var fds = [Int32](repeating: 0, count: 2)
        pipe(&fds)
        var maps: [(Int32, Int32)] = [(fds[1], 1), (fds[1], 2)]
        if stdinFd >= 0 { maps.append((stdinFd, 0)) }
        maps += extraFds
        var env: [String]? = nil
        if !extraEnv.isEmpty {
            env = ProcessInfo.processInfo.environment.merging(extraEnv) { $1 }.map { "\($0.key)=\($0.value)" }
        }
        let pid = spawn(argv, fds: maps, env: env)
        close(fds[1])
        var data = Data()
        var buf = [UInt8](repeating: 0, count: 65536)
        while true {
            let n = read(fds[0], &buf, buf.count)
            if n <= 0 { break }
            data.append(contentsOf: buf[0..<n])
        }
        close(fds[0])
        return (waitStatus(pid), String(decoding: data, as: UTF8.self))
    }

    static func spawn(_ argv: [String], fds: [(Int32, Int32)], env: [String]?) -> pid_t {
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) }
        cArgs.append(nil)
        var cEnv: [UnsafeMutablePointer<CChar>?] = (env ?? []).map { strdup($0) }
        cEnv.append(nil)
        defer { for p in cArgs + cEnv { free(p) } }
        var maps = fds.map { cshim_fd_map(src: $0.0, dst: $0.1) }
        var err: Int32 = 0
        let pid = cArgs.withUnsafeMutableBufferPointer { a in
            cEnv.withUnsafeMutableBufferPointer { e in
                maps.withUnsafeMutableBufferPointer { m in
                    var o = cshim_spawn_options()
                    o.path = UnsafePointer(a[0])
                    o.argv = UnsafePointer(a.baseAddress)
                    o.envp = env == nil ? nil : UnsafePointer(e.baseAddress)
                    o.fds = UnsafePointer(m.baseAddress)
                    o.nfds = m.count
                    o.null_stdio = 1
                    o.close_other_fds = 1
                    return cshim_spawn(&o, &err)
                }
            }
        }
        precondition(pid > 0, "spawn \(argv[0]) failed: errno \(err)")
        return pid
    }

    static func waitStatus(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return cshim_wait_status_code(status)
    }

    /// Polls `condition` every 20 ms for up to `seconds` (generous: never a
    /// pass/fail criterion by itself, only a guard against hanging forever).
    static func eventually(_ seconds: Double = 60, _ condition: () -> Bool) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if condition() { return true }
            usleep(20_000)
        }
        return condition()
    }
}

/// A busybox OCI bundle in a fresh temp dir.
final class TestBundle {
    let root: URL
    let bundle: URL
    let id: String

    init(args: [String], terminal: Bool = false, env: [String] = [], edit: ((inout [String: Any]) -> Void)? = nil) throws {
        _ = Harness.setUp
        id = Harness.uniqueID("mt")
        root = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent("conmon-swift-tests/\(id)")
        bundle = root.appendingPathComponent("bundle")
        let fm = FileManager.default
        let bin = bundle.appendingPathComponent("rootfs/bin")
        try fm.createDirectory(at: bin, withIntermediateDirectories: true)
        for dir in ["exit", "persist", "logs"] {
            try fm.createDirectory(at: root.appendingPathComponent(dir), withIntermediateDirectories: true)
        }
        try fm.copyItem(atPath: Harness.busybox, toPath: bin.appendingPathComponent("busybox").path)
        for applet in ["sh", "echo", "cat", "sleep", "ls", "kill", "printf", "head", "seq", "yes", "true",
                       "dd", "tr", "stty", "tty", "read", "wc"] {
            try? fm.createSymbolicLink(atPath: bin.appendingPathComponent(applet).path, withDestinationPath: "busybox")
        }
        let spec = Harness.run([Harness.runc, "spec", "--bundle", bundle.path])
        precondition(spec.code == 0, "runc spec failed: \(spec.output)")
        let configURL = bundle.appendingPathComponent("config.json")
        var config = try JSONSerialization.jsonObject(with: Data(contentsOf: configURL)) as! [String: Any]
        var process = config["process"] as! [String: Any]
        process["terminal"] = terminal
        process["args"] = args
        process["env"] = ["PATH=/bin", "TERM=xterm"] + env
        config["process"] = process
        var rootSpec = config["root"] as! [String: Any]
        rootSpec["readonly"] = false
        config["root"] = rootSpec
        edit?(&config)
        try JSONSerialization.data(withJSONObject: config).write(to: configURL)
    }

    var exitFile: URL { root.appendingPathComponent("exit/\(id)") }
    var persistDir: URL { root.appendingPathComponent("persist") }
    var logFile: URL { root.appendingPathComponent("logs/ctr.log") }
    var pidFile: URL { root.appendingPathComponent("pidfile") }
    var conmonPidFile: URL { root.appendingPathComponent("conmon.pid") }

    /// The usual flags for this bundle, k8s-file log included.
    func standardArgs(runtime: String = Harness.runc) -> [String] {
        ["-c", id, "-u", id, "-n", "name-\(id)", "-r", runtime, "-b", bundle.path,
         "-p", pidFile.path, "--exit-dir", root.appendingPathComponent("exit").path,
         "--persist-dir", persistDir.path, "--conmon-pidfile", conmonPidFile.path]
    }

    deinit {
        _ = Harness.run([Harness.runc, "delete", "--force", id])
        try? FileManager.default.removeItem(at: root)
    }
}

struct HarnessError: Error, CustomStringConvertible {
    let description: String
}

/// What conmon-swift said on the sync pipe.
struct SyncMessage {
    var pid: Int
    var message: String?
}

/// One monitor launched like berth launches it.
final class MonitorProcess {
    let bundle: TestBundle
    private(set) var monitorPid: pid_t = 0
    private var syncFd: Int32 = -1
    private var startFd: Int32 = -1

    /// `stdout`: an fd to give the monitor as its stdout (passthrough tests).
    init(_ bundle: TestBundle, args: [String], stdout: Int32 = -1) throws {
        self.bundle = bundle
        var sync = [Int32](repeating: 0, count: 2)
        var start = [Int32](repeating: 0, count: 2)
        socketpair(AF_UNIX, Int32(SOCK_SEQPACKET.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &sync)
        socketpair(AF_UNIX, Int32(SOCK_SEQPACKET.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0, &start)
        var env = ProcessInfo.processInfo.environment
        env["_OCI_SYNCPIPE"] = "3"
        env["_OCI_STARTPIPE"] = "4"
        let envList = env.map { "\($0.key)=\($0.value)" }
        var fds: [(Int32, Int32)] = [(sync[1], 3), (start[1], 4)]
        if stdout >= 0 { fds.append((stdout, 1)) }
        let launcher = Harness.spawn([Harness.monitorBinary!] + args, fds: fds, env: envList)
        close(sync[1])
        close(start[1])
        syncFd = sync[0]
        startFd = start[0]
        var zero: UInt8 = 0
        _ = write(startFd, &zero, 1)
        // The launcher exits as soon as the monitor has detached.
        let launcherCode = Harness.waitStatus(launcher)
        if launcherCode != 0 { throw HarnessError(description: "conmon-swift parent exited \(launcherCode)") }
        if let text = try? String(contentsOf: bundle.conmonPidFile, encoding: .utf8), let pid = Int32(text) {
            monitorPid = pid
        }
    }

    /// Reads the one JSON line of the sync pipe.
    func syncMessage() -> SyncMessage? {
        var buf = [UInt8](repeating: 0, count: 65536)
        let n = read(syncFd, &buf, buf.count)
        guard n > 0 else { return nil }
        let data = Data(buf[0..<n])
        guard data.last == 10,
              let obj = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              let pid = obj["data"] as? Int
        else { return nil }
        return SyncMessage(pid: pid, message: obj["message"] as? String)
    }

    func startContainer() throws {
        let r = Harness.run([Harness.runc, "start", bundle.id])
        if r.code != 0 { throw HarnessError(description: "runc start: \(r.output)") }
    }

    /// Waits for the monitor itself to exit and returns its exit code.
    func waitForMonitor() throws -> Int32 {
        if monitorPid <= 0 { throw HarnessError(description: "no --conmon-pidfile written") }
        return Harness.waitStatus(monitorPid)
    }

    /// Like `waitForMonitor`, but a monitor still running after `seconds`
    /// is killed (with its container) and the test fails instead of hanging.
    func waitForMonitor(within seconds: Double) throws -> Int32 {
        if monitorPid <= 0 { throw HarnessError(description: "no --conmon-pidfile written") }
        var status: Int32 = 0
        let exited = Harness.eventually(seconds) { waitpid(monitorPid, &status, WNOHANG) == monitorPid }
        guard exited else {
            _ = Harness.run([Harness.runc, "kill", bundle.id, "KILL"])
            kill(monitorPid, SIGKILL)
            _ = Harness.waitStatus(monitorPid)
            throw HarnessError(description: "the monitor was still running after \(seconds) s")
        }
        return cshim_wait_status_code(status)
    }

    func exitFileContents() -> String? {
        try? String(contentsOf: bundle.exitFile, encoding: .utf8)
    }

    /// Full run: sync, start, wait. Returns (exit file, monitor status).
    func runToCompletion() throws -> (exitFile: String?, monitorCode: Int32) {
        let sync = syncMessage()
        guard let sync, sync.pid > 0 else {
            throw HarnessError(description: "no container pid on the sync pipe: \(String(describing: sync))")
        }
        try startContainer()
        let code = try waitForMonitor()
        return (exitFileContents(), code)
    }

    deinit {
        close(syncFd)
        close(startFd)
    }
}

/// One k8s-file record.
struct LogRecord {
    var timestamp: String
    var stream: String
    var partial: Bool
    var content: String

    /// Parses a whole log file into records.
    static func parse(_ data: Data) -> [LogRecord] {
        var records: [LogRecord] = []
        for line in data.split(separator: 10, omittingEmptySubsequences: false).dropLast() {
            let parts = line.split(separator: 32, maxSplits: 3, omittingEmptySubsequences: false)
            guard parts.count >= 3 else { continue }
            records.append(LogRecord(
                timestamp: String(decoding: parts[0], as: UTF8.self),
                stream: String(decoding: parts[1], as: UTF8.self),
                partial: parts[2].elementsEqual("P".utf8),
                content: parts.count > 3 ? String(decoding: parts[3], as: UTF8.self) : ""))
        }
        return records
    }

    /// What the container wrote on `stream`, rebuilt from the records.
    static func reassemble(_ records: [LogRecord], stream: String) -> String {
        var text = ""
        for r in records where r.stream == stream {
            text += r.content
            if !r.partial { text += "\n" }
        }
        return text
    }
}
