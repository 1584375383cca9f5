import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine

/// `berth logs` on a 200 MB k8s-file log: the bytes the container wrote
/// come back exactly (invalid UTF-8, a line longer than the monitor's
/// buffer, a last line without newline), and `--tail` gives the end
/// without holding the log. The times are printed, never asserted.
@Suite("Containers: large logs", .enabled(if: ContainerTestSupport.canRunContainers, ContainerTestSupport.reason))
struct ContainerLogsLargeTests {
    /// 1 MiB of lines of varied length holding bytes that are not UTF-8.
    static func block() -> [UInt8] {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(1 << 20)
        var line = 0
        while bytes.count < (1 << 20) - 400 {
            bytes += Array("line \(line) ".utf8) + [0xFF, 0xFE, 0xC3, 0x28, 0x00, 0x09]
            bytes += [UInt8](repeating: UInt8(ascii: "a") + UInt8(line % 26), count: (line * 37) % 300)
            bytes.append(10)
            line += 1
        }
        return bytes
    }

    static func shell(_ script: String) throws -> EngineTestSupport.Result {
        try EngineTestSupport.run("/bin/sh", ["-c", script])
    }

    static func quoted(_ s: String) -> String { "'" + s.replacingOccurrences(of: "'", with: "'\\''") + "'" }

    @Test("200 MB through logs: bytes exact, --tail without the whole log")
    func twoHundredMegabytes() throws {
        let store = try ContainerTestSupport.store("ct-logs-big")
        let data = store.dir + "/data"
        try FileSystem.makeDirectories(data, mode: 0o755)
        let input = data + "/in"
        let block = Self.block()
        let lastBlockLine = Array(block.dropLast().split(separator: 10, omittingEmptySubsequences: false).last!)
        let longLine = [UInt8](repeating: 0xFF, count: 3 << 20)
        _ = FileManager.default.createFile(atPath: input, contents: nil)
        let handle = try #require(FileHandle(forWritingAtPath: input))
        for _ in 0..<200 { handle.write(Data(block)) }
        handle.write(Data(longLine))
        try handle.close()

        let run = try store.berth("run", "-d", "--name", "big", "--log-driver", "k8s-file", "-v", data + ":/data:ro",
                                  "localhost/busybox", "cat", "/data/in")
        try #require(run.status == 0, "\(run.stderr)")
        #expect(try store.berth("wait", "big").out == "0")

        let berth = ([EngineTestSupport.berth!] + store.globalArguments).map(Self.quoted).joined(separator: " ")
        /// Runs `berth ARGS > out` and returns its peak resident size in KiB.
        func logs(_ arguments: String, to output: String) throws -> Int {
            let peak = output + ".peak"
            let started = Date()
            let result = try Self.shell("/usr/bin/time -f %M -o \(Self.quoted(peak)) \(berth) logs \(arguments) > \(Self.quoted(output))")
            let kib = Int(try String(contentsOfFile: peak, encoding: .utf8).split(separator: "\n").last ?? "") ?? -1
            print("logs \(arguments): \(String(format: "%.2f", Date().timeIntervalSince(started))) s, peak \(kib / 1024) MiB")
            #expect(result.status == 0, "\(result.stderr)")
            return kib
        }
        // Memory is bounded by the longest line (3 MiB) and the buffers, far below the 200 MB log.
        let output = store.dir + "/out"
        #expect(try logs("big", to: output) < 100 * 1024)
        let cmp = try EngineTestSupport.run("/usr/bin/cmp", [input, output])
        #expect(cmp.status == 0, "logs differs from what the container wrote: \(cmp.stdout) \(cmp.stderr)")

        // --tail 1: the last whole line and the unfinished one after it.
        let tailOut = store.dir + "/tail"
        #expect(try logs("--tail 1 big", to: tailOut) < 100 * 1024)
        let expected = store.dir + "/tail-expected"
        _ = FileManager.default.createFile(atPath: expected, contents: Data(lastBlockLine + [10] + longLine))
        #expect(try EngineTestSupport.run("/usr/bin/cmp", [expected, tailOut]).status == 0)
    }
}
