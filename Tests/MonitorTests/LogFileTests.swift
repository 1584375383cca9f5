import CShim
import Foundation
import Testing

@Suite("conmon-swift k8s-file logs", .enabled(if: Harness.canRunContainers, Harness.containerTestsReason))
struct LogFileTests {
    static var timestampPattern: Regex<Substring> { #/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}[+-]\d\d:\d\d$/# }

    @Test("records are byte-exact: F lines, P fragments, a 20 KiB line, stdout and stderr apart")
    func recordFormat() throws {
        let script = """
            echo first; echo to-stderr >&2; printf 'two\\nthree\\n'; \
            dd if=/dev/zero bs=1024 count=20 2>/dev/null | tr '\\0' x; echo; \
            echo second-err >&2; printf 'no newline at the end'
            """
        let bundle = try TestBundle(args: ["sh", "-c", script])
        let monitor = try MonitorProcess(bundle, args: bundle.standardArgs() + ["-l", "k8s-file:" + bundle.logFile.path])
        let result = try monitor.runToCompletion()
        #expect(result.exitFile == "0")

        let records = LogRecord.parse(try Data(contentsOf: bundle.logFile))
        for r in records {
            #expect(r.timestamp.wholeMatch(of: Self.timestampPattern) != nil, "bad timestamp \(r.timestamp)")
            #expect(r.stream == "stdout" || r.stream == "stderr")
        }
        let long = String(repeating: "x", count: 20 * 1024)
        let stdout = LogRecord.reassemble(records, stream: "stdout")
        #expect(stdout == "first\ntwo\nthree\n\(long)\nno newline at the end")
        #expect(LogRecord.reassemble(records, stream: "stderr") == "to-stderr\nsecond-err\n")

        // The long line: several P records (at most 8 KiB each), then one F.
        // (If a read ends right before the newline, the F record is empty.)
        let out = records.filter { $0.stream == "stdout" }
        let firstLong = try #require(out.firstIndex { $0.content.hasPrefix("x") })
        let endLong = try #require(out[firstLong...].firstIndex { !$0.partial })
        let longRecords = Array(out[firstLong...endLong])
        #expect(longRecords.count >= 3)
        #expect(longRecords.allSatisfy { $0.content.utf8.count <= 8192 })
        #expect(longRecords.dropLast().allSatisfy { $0.partial })
        #expect(longRecords.last?.partial == false)
        // The unterminated tail is a P record.
        #expect(records.last { $0.stream == "stdout" }?.partial == true)
        #expect(records.last { $0.stream == "stdout" }?.content == "no newline at the end")
    }

    @Test("the exit file appears only after the last log byte is on disk")
    func exitFileAfterLastByte() throws {
        // About 2 MB of numbered lines, then exit at once.
        let bundle = try TestBundle(args: ["sh", "-c", "seq 1 300000; echo last-line"])
        let monitor = try MonitorProcess(bundle, args: bundle.standardArgs() + ["-l", "k8s-file:" + bundle.logFile.path])
        #expect(monitor.syncMessage()?.pid ?? 0 > 0)
        try monitor.startContainer()
        #expect(Harness.eventually { FileManager.default.fileExists(atPath: bundle.exitFile.path) })
        // Read the log the moment the exit file exists.
        let records = LogRecord.parse(try Data(contentsOf: bundle.logFile))
        let lines = LogRecord.reassemble(records, stream: "stdout").split(separator: "\n")
        #expect(lines.count == 300_001)
        #expect(lines.last == "last-line")
        _ = try monitor.waitForMonitor()
    }

    @Test("--log-size-max keeps the file bounded and keeps the newest records")
    func logSizeMax() throws {
        let bundle = try TestBundle(args: ["sh", "-c", "seq 1 20000"])
        let max = 64 * 1024
        let monitor = try MonitorProcess(bundle, args: bundle.standardArgs() + [
            "-l", "k8s-file:" + bundle.logFile.path, "--log-size-max", "\(max)",
        ])
        _ = try monitor.runToCompletion()
        let data = try Data(contentsOf: bundle.logFile)
        // Bounded by the limit plus at most one chunk's records.
        #expect(data.count <= max + 64 * 1024)
        let text = LogRecord.reassemble(LogRecord.parse(data), stream: "stdout")
        #expect(text.hasSuffix("19999\n20000\n"))
        #expect(!text.hasPrefix("1\n2\n"))
    }

    @Test("ctl type 2 reopens the log after external rotation")
    func reopenThroughCtl() throws {
        let bundle = try TestBundle(args: ["sh", "-c", "echo before; read x; echo after"])
        let monitor = try MonitorProcess(bundle, args: bundle.standardArgs() + [
            "-l", "k8s-file:" + bundle.logFile.path, "-i",
        ])
        #expect(monitor.syncMessage()?.pid ?? 0 > 0)
        let client = try AttachClient(bundle: bundle)
        try monitor.startContainer()
        #expect(Harness.eventually {
            ((try? String(contentsOf: bundle.logFile, encoding: .utf8)) ?? "").contains("before")
        })
        let rotated = bundle.logFile.appendingPathExtension("1")
        try FileManager.default.moveItem(at: bundle.logFile, to: rotated)
        let ctl = open(bundle.bundle.appendingPathComponent("ctl").path, O_WRONLY | O_CLOEXEC)
        #expect(ctl >= 0)
        _ = "2 0 0\n".withCString { write(ctl, $0, 6) }
        close(ctl)
        #expect(Harness.eventually { FileManager.default.fileExists(atPath: bundle.logFile.path) })
        client.send("go\n")
        #expect(try monitor.waitForMonitor() == 0)
        let old = LogRecord.reassemble(LogRecord.parse(try Data(contentsOf: rotated)), stream: "stdout")
        let new = LogRecord.reassemble(LogRecord.parse(try Data(contentsOf: bundle.logFile)), stream: "stdout")
        #expect(old == "before\n")
        #expect(new == "after\n")
    }

    @Test("several -l at once, passthrough and none accepted")
    func severalDrivers() throws {
        let bundle = try TestBundle(args: ["sh", "-c", "echo both"])
        let second = bundle.root.appendingPathComponent("logs/second.log")
        let monitor = try MonitorProcess(bundle, args: bundle.standardArgs() + [
            "-l", "k8s-file:" + bundle.logFile.path, "-l", "none", "-l", "k8s-file:" + second.path,
        ])
        _ = try monitor.runToCompletion()
        for file in [bundle.logFile, second] {
            #expect(LogRecord.reassemble(LogRecord.parse(try Data(contentsOf: file)), stream: "stdout") == "both\n")
        }
    }

    @Test("passthrough hands the monitor's own stdout to the container")
    func passthrough() throws {
        let bundle = try TestBundle(args: ["sh", "-c", "echo through"])
        var fds = [Int32](repeating: 0, count: 2)
        #expect(pipe(&fds) == 0)
        let monitor = try MonitorProcess(bundle, args: bundle.standardArgs() + ["-l", "passthrough"], stdout: fds[1])
        close(fds[1])
        #expect(try monitor.runToCompletion().exitFile == "0")
        var buf = [UInt8](repeating: 0, count: 256)
        var text = ""
        while true {
            let n = read(fds[0], &buf, buf.count)
            if n <= 0 { break }
            text += String(decoding: buf[0..<n], as: UTF8.self)
        }
        close(fds[0])
        #expect(text == "through\n")
    }

    @Test("a log file that cannot be opened fails the create with a message")
    func unopenableLog() throws {
        let bundle = try TestBundle(args: ["true"])
        let monitor = try MonitorProcess(bundle, args: bundle.standardArgs() + ["-l", "k8s-file:/nonexistent-dir/x.log"])
        let sync = try #require(monitor.syncMessage())
        #expect(sync.pid == -1)
        #expect(sync.message?.contains("/nonexistent-dir/x.log") == true)
    }
}
