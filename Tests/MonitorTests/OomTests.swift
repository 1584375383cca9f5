import Foundation
import Testing

/// A memory controller runc can put a limit on (v1 or v2).
let memoryCgroupUsable: Bool =
    FileManager.default.fileExists(atPath: "/sys/fs/cgroup/memory/memory.limit_in_bytes")
    || ((try? String(contentsOfFile: "/sys/fs/cgroup/cgroup.controllers", encoding: .utf8)) ?? "").contains("memory")

@Suite("conmon-swift OOM", .enabled(if: Harness.canRunContainers && memoryCgroupUsable, "needs root, runc, busybox, a memory cgroup controller, and BERTH_TEST_SUBREAPER=1 swift test --filter MonitorTests"))
struct OomTests {
    /// dd fills a block-size buffer: 256 MiB against a 32 MiB limit (room
    /// for runc init, which is charged to the same cgroup before exec).
    static func overLimit() throws -> TestBundle {
        try TestBundle(args: ["dd", "if=/dev/zero", "of=/dev/null", "bs=256M", "count=1"]) { config in
            var linux = config["linux"] as? [String: Any] ?? [:]
            linux["resources"] = ["memory": ["limit": 32 * 1024 * 1024, "swap": 32 * 1024 * 1024]]
            config["linux"] = linux
        }
    }

    @Test("an OOM kill writes the oom files and the exit code 137")
    func oomKill() throws {
        let bundle = try Self.overLimit()
        let monitor = try MonitorProcess(bundle, args: bundle.standardArgs())
        let result = try monitor.runToCompletion()
        #expect(result.exitFile == "137")
        #expect(FileManager.default.fileExists(atPath: bundle.persistDir.appendingPathComponent("oom").path))
        #expect(FileManager.default.fileExists(atPath: bundle.bundle.appendingPathComponent("oom").path))
    }

    @Test("--start-container: an OOM kill is still reported (oom files, 137), though the runtime started the container before the monitor took its first look")
    func oomKillAtStart() throws {
        let bundle = try Self.overLimit()
        let monitor = try MonitorProcess(bundle, args: bundle.standardArgs() + ["--start-container"])
        #expect(monitor.syncMessage()?.pid ?? 0 > 0)
        #expect(try monitor.waitForMonitor(within: 30) == 137)
        #expect(monitor.exitFileContents() == "137")
        #expect(FileManager.default.fileExists(atPath: bundle.persistDir.appendingPathComponent("oom").path))
    }

    @Test("a normal exit writes no oom file")
    func noOom() throws {
        let bundle = try TestBundle(args: ["true"])
        let monitor = try MonitorProcess(bundle, args: bundle.standardArgs())
        _ = try monitor.runToCompletion()
        #expect(!FileManager.default.fileExists(atPath: bundle.persistDir.appendingPathComponent("oom").path))
    }
}
