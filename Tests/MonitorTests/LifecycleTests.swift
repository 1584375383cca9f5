import CShim
import Foundation
import Testing

@Suite("conmon-swift lifecycle", .enabled(if: Harness.canRunContainers, Harness.containerTestsReason))
struct LifecycleTests {
    @Test("exit code reaches the exit files and the monitor's own status", arguments: [0, 1, 3, 42, 255])
    func exitCode(code: Int) throws {
        let bundle = try TestBundle(args: ["sh", "-c", "exit \(code)"])
        let monitor = try MonitorProcess(bundle, args: bundle.standardArgs())
        let result = try monitor.runToCompletion()
        #expect(result.exitFile == "\(code)")
        #expect(try String(contentsOf: bundle.persistDir.appendingPathComponent("exit"), encoding: .utf8) == "\(code)")
        #expect(result.monitorCode == Int32(code))
    }

    @Test("--start-container: the runtime creates and starts in one call; no `start` is needed, the output and exit code arrive as usual")
    func startAtCreate() throws {
        let bundle = try TestBundle(args: ["sh", "-c", "echo started-at-create; exit 5"])
        let monitor = try MonitorProcess(bundle, args: bundle.standardArgs() + ["-l", "k8s-file:" + bundle.logFile.path, "--start-container"])
        #expect(monitor.syncMessage()?.pid ?? 0 > 0)
        // Nobody runs `runc start`: the container must get to its exit on its own.
        #expect(try monitor.waitForMonitor(within: 30) == 5)
        #expect(monitor.exitFileContents() == "5")
        let log = try String(contentsOf: bundle.logFile, encoding: .utf8)
        #expect(log.contains("stdout F started-at-create"), "\(log)")
    }

    @Test("a container killed by a signal exits 128+N")
    func signalDeath() throws {
        let bundle = try TestBundle(args: ["sleep", "1000"])
        let monitor = try MonitorProcess(bundle, args: bundle.standardArgs())
        #expect(monitor.syncMessage()?.pid ?? 0 > 0)
        try monitor.startContainer()
        _ = Harness.run([Harness.runc, "kill", bundle.id, "KILL"])
        #expect(try monitor.waitForMonitor() == 137)
        #expect(monitor.exitFileContents() == "137")
    }

    @Test("SIGTERM to the monitor is forwarded to the container")
    func sigtermForwarded() throws {
        let script = "trap 'echo got-term; exit 7' TERM; echo ready; while true; do sleep 0.05; done"
        let bundle = try TestBundle(args: ["sh", "-c", script])
        let monitor = try MonitorProcess(bundle, args: bundle.standardArgs() + ["-l", "k8s-file:" + bundle.logFile.path])
        #expect(monitor.syncMessage()?.pid ?? 0 > 0)
        try monitor.startContainer()
        // Wait until the trap is installed (the script said so).
        #expect(Harness.eventually {
            ((try? String(contentsOf: bundle.logFile, encoding: .utf8)) ?? "").contains("ready")
        })
        kill(monitor.monitorPid, SIGTERM)
        #expect(try monitor.waitForMonitor() == 7)
        let log = try String(contentsOf: bundle.logFile, encoding: .utf8)
        #expect(log.contains("stdout F got-term"))
    }

    @Test("--timeout kills the container")
    func timeout() throws {
        let bundle = try TestBundle(args: ["sleep", "1000"])
        let monitor = try MonitorProcess(bundle, args: bundle.standardArgs() + ["--timeout", "1"])
        let result = try monitor.runToCompletion()
        #expect(result.exitFile == "137")
    }

    @Test("a failing runtime's error text arrives on the sync pipe")
    func runtimeFailure() throws {
        let bundle = try TestBundle(args: ["true"])
        let fake = bundle.root.appendingPathComponent("fake-runtime")
        try "#!/bin/sh\necho \"create failed: \\\"no such thing\\\"\" >&2\nexit 1\n".write(to: fake, atomically: true, encoding: .utf8)
        chmod(fake.path, 0o755)
        let monitor = try MonitorProcess(bundle, args: bundle.standardArgs(runtime: fake.path))
        let sync = try #require(monitor.syncMessage())
        #expect(sync.pid == -1)
        #expect(sync.message == "create failed: \"no such thing\"")
        #expect(try monitor.waitForMonitor() != 0)
        #expect(monitor.exitFileContents() == nil)
    }

    @Test("runc's own create error is reported")
    func runcCreateFailure() throws {
        let bundle = try TestBundle(args: ["true"]) { config in
            config["root"] = ["path": "does-not-exist"]
        }
        let monitor = try MonitorProcess(bundle, args: bundle.standardArgs())
        let sync = try #require(monitor.syncMessage())
        #expect(sync.pid == -1)
        #expect(sync.message?.contains("does-not-exist") == true)
    }

    @Test("no zombies remain and the exit command gets only fds 0-2")
    func reapingAndExitCommand() throws {
        // The init leaves a background child behind; the kernel kills it
        // when init exits and hands the zombie to the monitor.
        let bundle = try TestBundle(args: ["sh", "-c", "sleep 1000 & sleep 1000 & exit 5"])
        let out = bundle.root.appendingPathComponent("exit-command.txt")
        let script = "echo fds: $(ls /proc/self/fd); echo children: $(cat /proc/$PPID/task/$PPID/children); cat /proc/$PPID/status | grep -i '^State'"
        let monitor = try MonitorProcess(bundle, args: bundle.standardArgs() + [
            "--exit-command", "/bin/sh", "--exit-command-arg", "-c",
            "--exit-command-arg", "(\(script)) > \(out.path)",
        ])
        let result = try monitor.runToCompletion()
        #expect(result.exitFile == "5")
        #expect(result.monitorCode == 5)
        let report = try String(contentsOf: out, encoding: .utf8)
        // `ls` itself holds fd 3 for the directory it lists.
        #expect(report.contains("fds: 0 1 2 3\n"))
        // Only the exit command's shell is a child of the monitor.
        let children = report.split(separator: "\n").first { $0.hasPrefix("children:") }.map(String.init) ?? ""
        #expect(children.split(separator: " ").count == 2, "monitor children while the exit command ran: \(children)")
    }

    @Test("a double-forked orphan is reaped by the monitor while the container runs")
    func reapsOrphans() throws {
        // Without a pid namespace, the grandchild's new parent is the monitor
        // (child subreaper). The container only ends once that zombie is gone;
        // --timeout (exit 137) is the guard if the monitor does not reap.
        let script = "(sleep 0.1 & echo $! > /gc.pid); gc=$(cat /gc.pid); "
            + "while [ -e /proc/$gc ]; do sleep 0.05; done; echo reaped; exit 5"
        let bundle = try TestBundle(args: ["sh", "-c", script]) { config in
            var linux = config["linux"] as! [String: Any]
            let namespaces = linux["namespaces"] as! [[String: Any]]
            linux["namespaces"] = namespaces.filter { ($0["type"] as? String) != "pid" }
            config["linux"] = linux
        }
        let monitor = try MonitorProcess(bundle, args: bundle.standardArgs() + ["--timeout", "120"])
        let result = try monitor.runToCompletion()
        #expect(result.exitFile == "5")
    }

    @Test("no monitor fd leaks into the container")
    func noFdLeak() throws {
        let bundle = try TestBundle(args: ["sh", "-c", "ls /proc/self/fd"])
        let monitor = try MonitorProcess(bundle, args: bundle.standardArgs() + ["-l", "k8s-file:" + bundle.logFile.path])
        _ = try monitor.runToCompletion()
        let records = LogRecord.parse(try Data(contentsOf: bundle.logFile))
        let fds = LogRecord.reassemble(records, stream: "stdout").split(separator: "\n").map(String.init)
        #expect(fds == ["0", "1", "2", "3"])
    }
}

@Suite("conmon-swift command line", .enabled(if: Harness.monitorBinary != nil, "needs a built conmon-swift"))
struct CommandLineTests {
    @Test func version() {
        let r = Harness.run([Harness.monitorBinary!, "--version"])
        #expect(r.code == 0)
        #expect(r.output.hasPrefix("conmon-swift version "))
    }

    @Test func help() {
        let r = Harness.run([Harness.monitorBinary!, "--help"])
        #expect(r.code == 0)
        #expect(r.output.contains("--exit-command"))
    }

    @Test("bad flags fail before anything is touched", arguments: [
        ["--bogus"], ["-c"], ["-c", "x", "-r", "/usr/sbin/runc"], ["-c", "x", "-r", "/nonexistent", "-b", "/tmp"],
        ["-c", "x", "-r", "/usr/sbin/runc", "-b", "/tmp", "-l", "fluentd:x"], ["--timeout", "soon"],
    ])
    func badFlags(args: [String]) throws {
        let dir = URL(fileURLWithPath: NSTemporaryDirectory()).appendingPathComponent(Harness.uniqueID("cli"))
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let pidFile = dir.appendingPathComponent("conmon.pid").path
        let r = Harness.run([Harness.monitorBinary!] + args + ["--conmon-pidfile", pidFile])
        #expect(r.code != 0)
        #expect(r.output.contains("conmon-swift: "))
        #expect(!FileManager.default.fileExists(atPath: pidFile))
    }
}
