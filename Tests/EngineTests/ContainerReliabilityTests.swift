import Foundation
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine
@testable import BerthCLI
@testable import GoTemplate

@Suite("Containers: concurrency and kill -9 leave nothing behind", .enabled(if: ContainerTestSupport.canRunContainers, ContainerTestSupport.reason))
struct ContainerReliabilityTests {
    init() { signal(SIGPIPE, SIG_IGN) }

    /// Everything a container can leak, for containers of this store.
    static func leaks(_ store: TestStore, ids: [String]) -> [String] {
        var found: [String] = []
        for mount in ContainerTestSupport.mounts(under: store.dir) { found.append("mount \(mount)") }
        for state in ContainerTestSupport.runtimeContainers(store) { found.append("runtime state \(state)") }
        for bundle in FileSystem.list(store.runRoot + "/containers") { found.append("bundle \(bundle)") }
        for lock in FileSystem.list(store.runRoot + "/locks") where lock.hasPrefix("container-") { found.append("lock file \(lock)") }
        for pid in FileSystem.list("/proc") where Int32(pid) != nil {
            guard let data = try? FileSystem.readFile("/proc/\(pid)/cmdline") else { continue }
            let cmdline = String(decoding: data.map { $0 == 0 ? 32 : $0 }, as: UTF8.self)
            if cmdline.contains("conmon-swift") && cmdline.contains(store.runRoot) { found.append("monitor \(pid)") }
        }
        let roots = ["/sys/fs/cgroup"] + FileSystem.list("/sys/fs/cgroup").map { "/sys/fs/cgroup/" + $0 }
        for root in roots {
            for id in ids where FileSystem.exists(root + "/berth/berth-" + id) { found.append("cgroup \(root)/berth/berth-\(id)") }
        }
        return found
    }

    static func allIDs(_ store: TestStore) throws -> [String] {
        try store.berth("ps", "-a", "-q", "--no-trunc").out.split(separator: "\n").map(String.init)
    }

    /// Generated names come from a small space (adjective_noun): two creates
    /// at once can pick the same one, and neither may fail for it.
    @Test("120 concurrent creates without --name all succeed with distinct names")
    func concurrentCreatesWithGeneratedNames() throws {
        let store = try ContainerTestSupport.store("ct-names")
        let berth = EngineTestSupport.berth!
        let global = store.globalArguments
        let results = Mutex([String](repeating: "", count: 120))
        DispatchQueue.concurrentPerform(iterations: 8) { worker in
            for i in stride(from: worker, to: 120, by: 8) {
                let r = try? EngineTestSupport.run(berth, global + ["create", "localhost/busybox", "true"])
                let outcome = r.map { $0.status == 0 ? "ok" : "status \($0.status): \($0.stderr)" } ?? "did not run"
                results.withLock { $0[i] = outcome }
            }
        }
        let failures = results.withLock { $0 }.filter { $0 != "ok" }
        #expect(failures.isEmpty, "\(failures)")
        let names = try store.berth("ps", "-a", "--format", "{{.Names}}").out.split(separator: "\n")
        #expect(names.count == 120 && Set(names).count == 120)
    }

    @Test("20 concurrent run --rm and 20 concurrent rm -f on one store all succeed, nothing leaks")
    func concurrentRunAndRemove() throws {
        let store = try ContainerTestSupport.store("ct-conc")
        var victims: [String] = []
        for i in 0..<20 {
            let r = try store.berth("run", "-d", "--name", "victim\(i)", "localhost/busybox", "sleep", "1000")
            try #require(r.status == 0, "\(r.stderr)")
            victims.append(r.out)
        }
        let berth = EngineTestSupport.berth!
        let global = store.globalArguments
        let results = Mutex([Int32](repeating: -1, count: 40))
        let outputs = Mutex([String](repeating: "", count: 40))
        DispatchQueue.concurrentPerform(iterations: 40) { i in
            let args = i < 20
                ? global + ["run", "--rm", "--name", "quick\(i)", "localhost/busybox", "sh", "-c", "echo quick\(i)"]
                : global + ["rm", "-f", "-t", "0", "victim\(i - 20)"]
            let r = try? EngineTestSupport.run(berth, args)
            results.withLock { $0[i] = r?.status ?? -1 }
            outputs.withLock { $0[i] = r.map { $0.stdout + $0.stderr } ?? "" }
        }
        let statuses = results.withLock { $0 }
        #expect(statuses == [Int32](repeating: 0, count: 40), "\(outputs.withLock { $0 })")
        let out = outputs.withLock { $0 }
        for i in 0..<20 { #expect(out[i] == "quick\(i)\n") }
        #expect(try Self.allIDs(store) == [])
        // Monitors of --rm runs may still be finishing their exit command.
        #expect(try ContainerTestSupport.eventually(10) { Self.leaks(store, ids: victims).isEmpty })
        #expect(Self.leaks(store, ids: victims) == [])
    }

    @Test("kill -9 of berth at random points of run and rm: ps -a and rm -f still work and nothing leaks")
    func killNine() throws {
        let store = try ContainerTestSupport.store("ct-kill9")
        var generator = SystemRandomNumberGenerator()
        var seen = Set<String>()
        for trial in 0..<12 {
            let removing = trial % 3 == 2
            if removing {
                _ = try store.berth("run", "-d", "--name", "t\(trial)", "localhost/busybox", "sleep", "1000")
            }
            for id in try Self.allIDs(store) { seen.insert(id) }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: EngineTestSupport.berth!)
            process.arguments = store.globalArguments + (removing
                ? ["rm", "-f", "-t", "0", "t\(trial)"]
                : ["run", trial % 2 == 0 ? "-d" : "--rm", "--name", "t\(trial)", "localhost/busybox", "sh", "-c", "sleep 1000"])
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32.random(in: 0...150_000, using: &generator))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
            for id in try Self.allIDs(store) { seen.insert(id) }

            let ps = try store.berth("ps", "-a")
            #expect(ps.status == 0, "trial \(trial): \(ps.stderr)")
        }
        let removed = try store.berth("rm", "-a", "-f", "-t", "0")
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(try Self.allIDs(store) == [])
        #expect(try ContainerTestSupport.eventually(10) { Self.leaks(store, ids: Array(seen)).isEmpty })
        #expect(Self.leaks(store, ids: Array(seen)) == [])
        let opened = try store.open()
        #expect(try StoreConsistency.problems(opened) == [])
    }
}
