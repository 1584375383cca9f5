import CShim
import Foundation
import Testing

/// `--healthcheck-interval` / `--healthcheck-command`: the monitor runs the
/// healthcheck on a timer while the container lives, never two at once.
@Suite("conmon-swift healthcheck timer", .enabled(if: Harness.canRunContainers, Harness.containerTestsReason))
struct HealthcheckTimerTests {
    @Test("the command runs repeatedly at the interval, one at a time, and stops with the container")
    func periodic() throws {
        let bundle = try TestBundle(args: ["sleep", "1000"])
        let runs = bundle.root.appendingPathComponent("runs").path
        let overlaps = bundle.root.appendingPathComponent("overlaps").path
        let lock = bundle.root.appendingPathComponent("lock").path
        // Each check takes longer than the 50 ms interval: overlapping runs would show up.
        let script = "mkdir \(lock) 2>/dev/null || echo x >> \(overlaps); echo run >> \(runs); sleep 0.2; rmdir \(lock)"
        let monitor = try MonitorProcess(bundle, args: bundle.standardArgs() + [
            "--healthcheck-interval", "50", "--healthcheck-command", "/bin/sh",
            "--healthcheck-command-arg", "-c", "--healthcheck-command-arg", script,
        ])
        #expect(monitor.syncMessage()?.pid ?? 0 > 0)
        try monitor.startContainer()
        func count() -> Int { ((try? String(contentsOfFile: runs, encoding: .utf8)) ?? "").split(separator: "\n").count }
        #expect(Harness.eventually { count() >= 3 })
        _ = Harness.run([Harness.runc, "kill", bundle.id, "KILL"])
        #expect(try monitor.waitForMonitor() == 137)
        #expect(!FileManager.default.fileExists(atPath: overlaps), "never two checks at once")
    }

    @Test("ctl command 3 changes the interval; 0 stops the checks")
    func intervalChange() throws {
        let bundle = try TestBundle(args: ["sleep", "1000"])
        let runs = bundle.root.appendingPathComponent("runs").path
        let monitor = try MonitorProcess(bundle, args: bundle.standardArgs() + [
            "--healthcheck-interval", "50", "--healthcheck-command", "/bin/sh",
            "--healthcheck-command-arg", "-c", "--healthcheck-command-arg", "echo run >> \(runs)",
        ])
        #expect(monitor.syncMessage()?.pid ?? 0 > 0)
        try monitor.startContainer()
        func count() -> Int { ((try? String(contentsOfFile: runs, encoding: .utf8)) ?? "").split(separator: "\n").count }
        #expect(Harness.eventually { count() >= 2 })
        let ctl = open(bundle.bundle.appendingPathComponent("ctl").path, O_WRONLY | O_NONBLOCK)
        #expect(ctl >= 0)
        _ = "3 0 0\n".withCString { write(ctl, $0, 6) }
        close(ctl)
        usleep(300_000)
        let stopped = count()
        usleep(400_000)
        #expect(count() == stopped, "no checks after interval 0")
        _ = Harness.run([Harness.runc, "kill", bundle.id, "KILL"])
        #expect(try monitor.waitForMonitor() == 137)
    }

    @Test("a bad interval is refused")
    func badInterval() {
        let result = Harness.run([Harness.monitorBinary!, "-c", "x", "-r", "/bin/true", "-b", "/tmp", "--healthcheck-interval", "soon"])
        #expect(result.code != 0)
        #expect(result.output.contains("--healthcheck-interval: 'soon' is not a number of milliseconds"), "\(result.output)")
    }
}
