import Foundation
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine
@testable import BerthCLI
@testable import GoTemplate

@Suite("Engine: concurrent berth processes and kill -9 repair",
       .enabled(if: EngineTestSupport.hasBerth && EngineTestSupport.hasBusybox, "needs the built berth binary and busybox-static"))
struct ConcurrencyTests {
    @Test("20 parallel berth processes importing and removing all succeed; the store stays consistent")
    func twentyProcesses() throws {
        let store = TestStore("concurrent")
        let tarball = try EngineTestSupport.busyboxTarball(in: store.dir)
        #expect(try store.berth("import", tarball, "base").status == 0)
        let results = Mutex([Int32](repeating: -1, count: 20))
        let berth = EngineTestSupport.berth!
        let global = store.globalArguments.map { "'\($0)'" }.joined(separator: " ")
        DispatchQueue.concurrentPerform(iterations: 20) { i in
            let script = i % 2 == 0
                ? "exec '\(berth)' \(global) import '\(tarball)' keep\(i)"
                : "'\(berth)' \(global) import '\(tarball)' gone\(i) >/dev/null && '\(berth)' \(global) rmi gone\(i) >/dev/null && exec '\(berth)' \(global) images -q"
            let status = (try? EngineTestSupport.run("/bin/sh", ["-c", script]).status) ?? -1
            results.withLock { $0[i] = status }
        }
        #expect(results.withLock { $0 } == [Int32](repeating: 0, count: 20))
        let names = try store.berth("images", "--format", "{{.Repository}}").stdout.split(separator: "\n").map(String.init).sorted()
        #expect(names == (["localhost/base"] + stride(from: 0, to: 20, by: 2).map { "localhost/keep\($0)" }).sorted())
        let opened = try store.open()
        #expect(try StoreConsistency.problems(opened) == [])
        #expect(FileSystem.list(opened.layers.directory).count == 1, "one shared layer")
    }

    @Test("kill -9 at random points of import and rmi: the next command repairs and sees a consistent store")
    func killNine() throws {
        let store = TestStore("kill9")
        let big = String(repeating: "berth", count: 2_000_000)
        let tarball = try EngineTestSupport.busyboxTarball(in: store.dir, extra: ["data/big1": big, "data/big2": big + "2"])
        var generator = SystemRandomNumberGenerator()
        for trial in 0..<12 {
            let removing = trial % 3 == 2
            if removing { _ = try store.berth("import", tarball, "victim\(trial)") }
            let process = Process()
            process.executableURL = URL(fileURLWithPath: EngineTestSupport.berth!)
            process.arguments = store.globalArguments + (removing ? ["rmi", "victim\(trial)"] : ["import", tarball, "img\(trial)"])
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try process.run()
            usleep(UInt32.random(in: 0...120_000, using: &generator))
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()

            let next = try store.berth("images", "-q")
            #expect(next.status == 0, "trial \(trial): \(next.stderr)")
            let problems = try StoreConsistency.problems(try store.open())
            #expect(problems == [], "trial \(trial)")
        }
        let cleanup = try store.berth("rmi", "-a", "-f")
        #expect(cleanup.status == 0, "\(cleanup.stderr)")
        let opened = try store.open()
        #expect(try StoreConsistency.problems(opened) == [])
        #expect(FileSystem.list(opened.layers.directory).isEmpty)
        #expect(FileSystem.list(opened.blobs.directory).isEmpty)
    }
}
