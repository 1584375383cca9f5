import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine

/// Hostile flag values through the real `berth`: refused with Podman's
/// message and exit 125 before anything reaches the runtime (no trap, no
/// container left behind); lock files go with their containers.
@Suite("CLI: hostile values", .enabled(if: ContainerTestSupport.canRunContainers, ContainerTestSupport.reason))
struct CreateValueMessagesTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var flags: [String]
        var message: String
        var testDescription: String { flags.joined(separator: " ") }
    }

    static let longName = String(repeating: "a", count: 254)

    @Test("refused values", arguments: [
        Case(flags: ["--memory", "9999999999g"], message: "invalid value for memory: invalid size: '9999999999g'"),
        Case(flags: ["--memory", "inf"], message: "invalid value for memory: invalid size: 'inf'"),
        Case(flags: ["--memory", "1e30"], message: "invalid value for memory: invalid size: '1e30'"),
        Case(flags: ["--memory", "0x10m"], message: "invalid value for memory: invalid suffix: 'x10m'"),
        Case(flags: ["--memory", "1"], message: "minimum memory limit allowed is 6MB"),
        Case(flags: ["--shm-size", "99999999999999999999g"], message: "unable to translate --shm-size: invalid size: '99999999999999999999g'"),
        Case(flags: ["--log-opt", "bogus"], message: "invalid log option \"bogus\""),
        Case(flags: ["--log-opt", "max-size=abc"], message: "invalid size: 'abc'"),
        Case(flags: ["--health-cmd", "true", "--health-interval", "abc"], message: "invalid healthcheck-interval: time: invalid duration \"abc\""),
        Case(flags: ["--tmpfs", "relative"], message: "invalid container path \"relative\", must be an absolute path"),
        Case(flags: ["-e", "=x"], message: "invalid variable: \"=x\""),
        Case(flags: ["--ulimit", "nofile=99999999999999999999"], message: "invalid ulimit \"nofile=99999999999999999999\""),
        Case(flags: ["--stop-signal", "RTMIN+2147483647"], message: "invalid signal: RTMIN+2147483647"),
        Case(flags: ["--name", longName], message: "names must be at most 253 characters long"),
        Case(flags: ["--timeout", "999999999999999999"], message: "invalid --timeout 999999999999999999: use 0 to 9223372036 seconds"),
    ])
    func refused(_ c: Case) throws {
        let store = try ContainerTestSupport.store("ct-values")
        let result = try store.berth(["create"] + c.flags + ["localhost/busybox", "true"])
        #expect(result.status == 125, "\(result.stderr)")
        #expect(result.stderr.contains(c.message), "\(result.stderr)")
        #expect(try store.berth("ps", "-aq").stdout.isEmpty)
    }

    @Test("--env-file of a directory says it is a directory")
    func envFileDirectory() throws {
        let store = try ContainerTestSupport.store("ct-envdir")
        let result = try store.berth("create", "--env-file", store.dir, "localhost/busybox", "true")
        #expect(result.status == 125)
        #expect(result.stderr.contains("parsing file \(store.dir.debugDescription)") && result.stderr.lowercased().contains("is a directory"), "\(result.stderr)")
    }

    @Test("--format with a field Podman's struct lacks fails with exit 125")
    func formatMissingField() throws {
        let store = try ContainerTestSupport.store("ct-format")
        #expect(try store.berth("create", "--name", "f", "localhost/busybox", "true").status == 0)
        let ps = try store.berth("ps", "-a", "--format", "{{.Nope}}")
        #expect(ps.status == 125 && ps.stderr.contains("can't evaluate field Nope in type containers.psReporter"), "\(ps.stdout) \(ps.stderr)")
        let inspect = try store.berth("inspect", "--format", "{{.Nope}}", "f")
        #expect(inspect.status == 125 && inspect.stderr.contains("can't evaluate field Nope in type"), "\(inspect.stdout) \(inspect.stderr)")
        #expect(try store.berth("ps", "-a", "--format", "{{.Labels.nope}}").out == "<no value>")
    }

    @Test("the largest size is a size, not a crash")
    func largestMemory() throws {
        let store = try ContainerTestSupport.store("ct-maxmem")
        let created = try store.berth("create", "--name", "big", "--memory", "9223372036854775807", "localhost/busybox", "true")
        #expect(created.status == 0, "\(created.stderr)")
        #expect(try store.berth("inspect", "--format", "{{.HostConfig.Memory}}", "big").out == "9223372036854775807")
    }

    @Test("rm and --rm take the container's lock files (its own, its health check's) with them")
    func lockFiles() throws {
        let store = try ContainerTestSupport.store("ct-locks")
        let locks = store.runRoot + "/locks"
        func containerLocks() throws -> [String] {
            try FileManager.default.contentsOfDirectory(atPath: locks).filter { $0.hasPrefix("container-") || $0.hasPrefix("health-") }
        }
        let created = try store.berth("create", "--name", "gone", "localhost/busybox", "true")
        try #require(created.status == 0, "\(created.stderr)")
        #expect(try store.berth("start", "gone").status == 0)
        #expect(try store.berth("wait", "gone").status == 0)
        #expect(try containerLocks().count == 1)
        #expect(try store.berth("rm", "gone").status == 0)
        #expect(try containerLocks().isEmpty)
        let run = try store.berth("run", "--rm", "localhost/busybox", "true")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try containerLocks().isEmpty)
        let checked = try store.berth("run", "-d", "--name", "checked", "--health-cmd", "true", "--health-interval", "disable", "localhost/busybox", "sleep", "1000")
        try #require(checked.status == 0, "\(checked.stderr)")
        #expect(try store.berth("healthcheck", "run", "checked").status == 0)
        #expect(try containerLocks().count == 2, "the container's lock and its health lock")
        #expect(try store.berth("rm", "-f", "-t", "0", "checked").status == 0)
        #expect(try containerLocks().isEmpty)
    }
}
