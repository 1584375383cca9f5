import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine
@testable import BerthCLI
@testable import GoTemplate

/// `--cgroups` modes, checked where a user would look: `/proc/PID/cgroup`
/// of the container's process and of its monitor.
@Suite("Containers: --cgroups enabled, disabled, no-conmon, split", .enabled(if: ContainerTestSupport.canRunContainers, ContainerTestSupport.reason))
struct ContainerCgroupTests {
    /// "hierarchy:controllers" -> path, from /proc/PID/cgroup.
    static func cgroups(_ pid: String) -> [String: String] {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/cgroup", encoding: .utf8) else { return [:] }
        var result: [String: String] = [:]
        for line in text.split(separator: "\n") {
            let f = line.split(separator: ":", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            if f.count == 3 { result[f[0] + ":" + f[1]] = f[2] }
        }
        return result
    }

    /// Runs a sleeping container in `mode`; returns its id and the pids of its process and monitor.
    static func start(_ store: TestStore, _ name: String, _ extra: [String]) throws -> (id: String, pid: String, monitor: String) {
        let run = try store.berth(["run", "-d", "--name", name] + extra + ["localhost/busybox", "sleep", "1000"])
        try #require(run.status == 0, "run \(extra): \(run.stderr)")
        let pid = try store.berth("inspect", "--format", "{{.State.Pid}}", name).out
        let monitor = try store.berth("inspect", "--format", "{{.State.ConmonPid}}", name).out
        try #require(Int(pid) ?? 0 > 0 && Int(monitor) ?? 0 > 0, "pids: \(pid) \(monitor)")
        return (run.out, pid, monitor)
    }

    @Test("disabled: the container has no cgroup of its own (it shares its monitor's), nothing left behind; limits are refused")
    func disabled() throws {
        let store = try ContainerTestSupport.store("ct-cg-off")
        let (id, pid, monitor) = try Self.start(store, "nocg", ["--cgroups=disabled"])
        let container = Self.cgroups(pid)
        #expect(!container.isEmpty)
        #expect(container == Self.cgroups(monitor), "the container stays in the monitor's cgroups")
        #expect(container.values.allSatisfy { !$0.contains(id) }, "no cgroup named after the container: \(container)")
        #expect(try store.berth("exec", "nocg", "echo", "inside").out == "inside")
        let exec = try store.berth("exec", "nocg", "cat", "/proc/self/cgroup")
        #expect(exec.status == 0 && !exec.stdout.contains(id), "exec'd processes get no cgroup either: \(exec.stdout)")
        #expect(try store.berth("top", "nocg").stdout.contains("sleep 1000"))
        #expect(try store.berth("rm", "-f", "-t", "1", "nocg").status == 0)
        let leftovers = (["/sys/fs/cgroup"] + FileSystem.list("/sys/fs/cgroup").map { "/sys/fs/cgroup/" + $0 })
            .filter { FileSystem.exists($0 + "/berth/berth-" + id) }
        #expect(leftovers == [], "no cgroup left for the container")

        let limited = try store.berth("run", "--rm", "--cgroups=disabled", "--memory", "64m", "localhost/busybox", "true")
        #expect(limited.status != 0)
        #expect(limited.stderr.contains("--cgroups=disabled"))
    }

    @Test("no-conmon: the monitor stays in the caller's cgroup, the container gets its own")
    func noConmon() throws {
        let store = try ContainerTestSupport.store("ct-cg-noconmon")
        let own = Self.cgroups("self")
        let (id, pid, monitor) = try Self.start(store, "nc", ["--cgroups=no-conmon"])
        #expect(Self.cgroups(monitor) == own, "monitor in the caller's cgroups")
        let container = Self.cgroups(pid)
        #expect(!container.isEmpty && container.values.allSatisfy { $0.hasSuffix("/berth-" + id) }, "\(container)")
    }

    @Test("enabled: the container gets its own cgroup and (outside systemd) the monitor one beside it, not the caller's")
    func enabled() throws {
        let store = try ContainerTestSupport.store("ct-cg-on")
        let own = Self.cgroups("self")
        let (id, pid, monitor) = try Self.start(store, "on", [])
        let container = Self.cgroups(pid)
        #expect(!container.isEmpty && container.values.allSatisfy { $0.hasSuffix("/berth-" + id) }, "\(container)")
        let monitorGroups = Self.cgroups(monitor)
        if ProcessInfo.processInfo.environment["INVOCATION_ID"] == nil {
            #expect(monitorGroups.values.allSatisfy { $0 == "/berth/conmon" }, "\(monitorGroups)")
        } else {
            #expect(monitorGroups == own, "under systemd the monitor stays in the service")
        }
    }
}
