import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine

/// `kill -9` of berth, of the monitor and of the runtime at seeded random
/// points: afterwards every container's status agrees with the runtime's,
/// every verb works on it, and `rm -fa` leaves nothing behind.
@Suite("Crash: kill -9 of berth, the monitor or the runtime mid-operation",
       .enabled(if: ContainerTestSupport.canRunContainers, ContainerTestSupport.reason))
struct CrashTests {
    init() { signal(SIGPIPE, SIG_IGN) }

    /// A seeded generator: a failing trial is replayed with its seed.
    struct SeededGenerator: RandomNumberGenerator {
        var state: UInt64
        mutating func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 11 | state << 53
        }
    }

    /// Pids of processes whose command line holds every one of `words`.
    static func processes(_ words: [String]) -> [Int32] {
        FileSystem.list("/proc").compactMap { entry -> Int32? in
            guard let pid = Int32(entry), let data = try? FileSystem.readFile("/proc/\(pid)/cmdline") else { return nil }
            let cmdline = String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
            return words.allSatisfy(cmdline.contains) ? pid : nil
        }
    }

    /// Starts berth with `arguments`, kills it with SIGKILL after `delay`
    /// microseconds (or lets it finish first), and waits for it.
    static func killed(_ store: TestStore, _ arguments: [String], after delay: UInt32,
                       also: (() -> Void)? = nil) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: EngineTestSupport.berth!)
        process.arguments = store.globalArguments + arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        usleep(delay)
        if let also { also() } else { kill(process.processIdentifier, SIGKILL) }
        process.waitUntilExit()
    }

    /// The runtime's status of `id` ("" when it does not know it).
    static func runtimeStatus(_ store: TestStore, _ id: String) throws -> String {
        let r = try EngineTestSupport.run(ContainerTestSupport.runc!, ["--root", store.runRoot + "/runc", "state", id])
        guard r.status == 0, let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any] else { return "" }
        return object["status"] as? String ?? ""
    }

    /// Each container's berth status against the runtime's: running in one
    /// exactly when running in the other. Returns the disagreements.
    static func disagreements(_ store: TestStore) throws -> [String] {
        var found: [String] = []
        for id in try ContainerReliabilityTests.allIDs(store) {
            let status = try store.berth("inspect", "--format", "{{.State.Status}}", id)
            guard status.status == 0 else {
                // Removed meanwhile by its own --rm cleanup: nothing to compare.
                if try store.berth("container", "exists", id).status == 1 { continue }
                found.append("\(id): inspect failed: \(status.stderr)")
                continue
            }
            let runtime = try runtimeStatus(store, id)
            if (status.out == "running") != (runtime == "running") { found.append("\(id): berth \(status.out), runtime \(runtime)") }
        }
        return found
    }

    /// ps -a works, states agree with the runtime, and stop and start work
    /// on every container that is left.
    static func checkAfterCrash(_ store: TestStore, _ label: String) throws {
        let ps = try store.berth("ps", "-a")
        #expect(ps.status == 0, "\(label): \(ps.stderr)")
        _ = try ContainerTestSupport.eventually(5) { try disagreements(store).isEmpty }
        let disagreeing = try disagreements(store)
        #expect(disagreeing.isEmpty, "\(label): \(disagreeing)")
        for id in try ContainerReliabilityTests.allIDs(store) {
            let stop = try store.berth("stop", "-t", "0", id)
            if stop.status != 0, try store.berth("container", "exists", id).status == 1 { continue }
            #expect(stop.status == 0, "\(label): stop \(id): \(stop.stderr)")
            #expect(try runtimeStatus(store, id) != "running", "\(label): \(id) still running after stop")
            guard try store.berth("container", "exists", id).status == 0 else { continue }
            let start = try store.berth("start", id)
            #expect(start.status == 0, "\(label): start \(id): \(start.stderr)")
            #expect(try store.berth("inspect", "--format", "{{.State.Status}}", id).out == "running", "\(label): \(id) after start")
            #expect(try runtimeStatus(store, id) == "running", "\(label): \(id) runtime after start")
        }
    }

    static func removeAllAndCheckLeaks(_ store: TestStore, seen: Set<String>) throws {
        let removed = try store.berth("rm", "-a", "-f", "-t", "0")
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(try ContainerReliabilityTests.allIDs(store) == [])
        #expect(try ContainerTestSupport.eventually(10) { ContainerReliabilityTests.leaks(store, ids: Array(seen)).isEmpty })
        #expect(ContainerReliabilityTests.leaks(store, ids: Array(seen)) == [])
        #expect(try StoreConsistency.problems(try store.open()) == [])
    }

    @Test("kill -9 of berth during run -d, run --rm, start, stop and rm -f", arguments: [UInt64(11)])
    func killBerth(seed: UInt64) throws {
        let store = try ContainerTestSupport.store("crash-berth-\(seed)")
        var random = SeededGenerator(state: seed)
        var seen = Set<String>()
        let operations = ["run -d", "run --rm", "start", "stop", "rm -f"]
        for (trial, operation) in operations.enumerated() {
            let name = "c\(trial)"
            var arguments: [String]
            switch operation {
            case "run -d": arguments = ["run", "-d", "--name", name, "localhost/busybox", "sleep", "1000"]
            case "run --rm": arguments = ["run", "--rm", "-d", "--name", name, "localhost/busybox", "sleep", "1000"]
            case "start":
                #expect(try store.berth("create", "--name", name, "localhost/busybox", "sleep", "1000").status == 0)
                arguments = ["start", name]
            case "stop":
                #expect(try store.berth("run", "-d", "--name", name, "localhost/busybox", "sleep", "1000").status == 0)
                arguments = ["stop", "-t", "0", name]
            default:
                #expect(try store.berth("run", "-d", "--name", name, "localhost/busybox", "sleep", "1000").status == 0)
                arguments = ["rm", "-f", "-t", "0", name]
            }
            for id in try ContainerReliabilityTests.allIDs(store) { seen.insert(id) }
            let delay = UInt32.random(in: 0...150_000, using: &random)
            try Self.killed(store, arguments, after: delay)
            for id in try ContainerReliabilityTests.allIDs(store) { seen.insert(id) }
            try Self.checkAfterCrash(store, "seed \(seed) \(operation) killed after \(delay) µs")
        }
        try Self.removeAllAndCheckLeaks(store, seen: seen)
    }

    @Test("kill -9 of the monitor during run -d and while the container runs")
    func killMonitor() throws {
        let store = try ContainerTestSupport.store("crash-monitor")
        var random = SeededGenerator(state: 7)
        var seen = Set<String>()
        for trial in 0..<3 {
            let name = "m\(trial)"
            let delay = UInt32.random(in: 0...120_000, using: &random)
            let arguments = ["run", "-d", "--name", name, "localhost/busybox", "sleep", "1000"]
            if trial % 2 == 0 {
                try Self.killed(store, arguments, after: delay) {
                    for pid in Self.processes(["conmon-swift", store.runRoot]) { kill(pid, SIGKILL) }
                }
            } else {
                #expect(try store.berth(arguments).status == 0)
                usleep(delay)
                for pid in Self.processes(["conmon-swift", store.runRoot]) { kill(pid, SIGKILL) }
            }
            for id in try ContainerReliabilityTests.allIDs(store) { seen.insert(id) }
            try Self.checkAfterCrash(store, "monitor killed, trial \(trial) after \(delay) µs")
        }
        try Self.removeAllAndCheckLeaks(store, seen: seen)
    }

    @Test("kill -9 of the runtime during run -d, start and stop")
    func killRuntime() throws {
        let store = try ContainerTestSupport.store("crash-runtime")
        var random = SeededGenerator(state: 5)
        var seen = Set<String>()
        for trial in 0..<4 {
            let name = "r\(trial)"
            var arguments = ["run", "-d", "--name", name, "localhost/busybox", "sleep", "1000"]
            if trial == 2 {
                #expect(try store.berth("create", "--name", name, "localhost/busybox", "sleep", "1000").status == 0)
                arguments = ["start", name]
            } else if trial == 3 {
                #expect(try store.berth(arguments).status == 0)
                arguments = ["stop", "-t", "0", name]
            }
            let delay = UInt32.random(in: 0...100_000, using: &random)
            try Self.killed(store, arguments, after: 0) {
                // Every runtime call of this store in the window is killed.
                let deadline = Date().addingTimeInterval(Double(delay) / 1e6 + 0.2)
                while Date() < deadline {
                    for pid in Self.processes(["runc", store.runRoot]) { kill(pid, SIGKILL) }
                    usleep(2000)
                }
            }
            for id in try ContainerReliabilityTests.allIDs(store) { seen.insert(id) }
            try Self.checkAfterCrash(store, "runtime killed, trial \(trial)")
        }
        try Self.removeAllAndCheckLeaks(store, seen: seen)
    }
}
