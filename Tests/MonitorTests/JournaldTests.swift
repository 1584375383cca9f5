import CShim
import Foundation
import Testing

/// A throw-away systemd (with a real journald) from ../shared/tools/sdbox.
enum Box {
    static let tool: String? = {
        if let path = ProcessInfo.processInfo.environment["BERTH_SDBOX"] { return path }
        let repo = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let path = repo.deletingLastPathComponent().appendingPathComponent("shared/tools/sdbox").path
        return FileManager.default.isExecutableFile(atPath: path) ? path : nil
    }()

    static let available: Bool = {
        getuid() == 0 && tool != nil && Harness.monitorBinary != nil
            && FileManager.default.isExecutableFile(atPath: "/usr/bin/systemd-nspawn")
    }()
}

@Suite("conmon-swift journald", .enabled(if: Box.available && !Harness.ownsOrphans, "needs root, systemd-nspawn, ../shared/tools/sdbox and a built conmon-swift, in a test process that adopts no orphans (sdbox's nspawn must be reaped by init)"))
struct JournaldTests {
    /// A stand-in runtime: `create` starts a "container" process that waits
    /// for a go-file, writes output on the inherited pipes, and exits 3.
    static let fakeRuntime = #"""
        #!/bin/sh
        # args: create --bundle B --pid-file P ID
        B=$3; P=$5
        sh -c 'while [ ! -e "$0/go" ]; do sleep 0.02; done
               echo "hello journal"; echo "to stderr" >&2
               head -c 10000 /dev/zero | tr "\0" y; echo
               printf "no newline"; exit 3' "$B" &
        echo $! > "$P"
        """#

    @Test("one entry per line with the container's fields, priority per stream, partial flag")
    func fields() throws {
        let name = "mon\(getpid() % 100000)\(Int.random(in: 0..<1000))"
        let env = ["SDBOX_NAME": name]
        let sdbox = Box.tool!
        defer { Harness.run([sdbox, "stop"], extraEnv: env) }
        let start = Harness.run([sdbox, "start"], extraEnv: env)
        try #require(start.code == 0, "sdbox start: \(start.output)")
        let rootPath = Harness.run([sdbox, "root"], extraEnv: env).output.trimmingCharacters(in: .whitespacesAndNewlines)
        let root = URL(fileURLWithPath: rootPath)

        // Everything lives inside the box's own filesystem.
        let work = "/var/tmp/conmon-journald"
        let hostWork = root.appendingPathComponent(String(work.dropFirst()))
        try FileManager.default.createDirectory(at: hostWork.appendingPathComponent("bundle"), withIntermediateDirectories: true)
        try FileManager.default.createDirectory(at: hostWork.appendingPathComponent("exit"), withIntermediateDirectories: true)
        try FileManager.default.copyItem(atPath: Harness.monitorBinary!, toPath: hostWork.appendingPathComponent("conmon-swift").path)
        try Self.fakeRuntime.write(to: hostWork.appendingPathComponent("runtime"), atomically: true, encoding: .utf8)
        chmod(hostWork.appendingPathComponent("runtime").path, 0o755)

        let id = String(repeating: "ab", count: 32)
        let launch = Harness.run([sdbox, "exec", "\(work)/conmon-swift", "-c", id, "-u", id, "-n", "web",
                                  "-r", "\(work)/runtime", "-b", "\(work)/bundle", "-p", "\(work)/pidfile",
                                  "--exit-dir", "\(work)/exit", "-l", "journald", "--log-tag", "webtag",
                                  "--log-label", "COLOR=blue"], extraEnv: env)
        try #require(launch.code == 0, "launch: \(launch.output)")
        #expect(Harness.eventually { FileManager.default.fileExists(atPath: hostWork.appendingPathComponent("pidfile").path) })
        #expect(FileManager.default.createFile(atPath: hostWork.appendingPathComponent("bundle/go").path, contents: nil))
        #expect(Harness.eventually { FileManager.default.fileExists(atPath: hostWork.appendingPathComponent("exit/\(id)").path) })
        #expect(try String(contentsOf: hostWork.appendingPathComponent("exit/\(id)"), encoding: .utf8) == "3")

        var entries: [[String: Any]] = []
        _ = Harness.eventually {
            let out = Harness.run([sdbox, "exec", "journalctl", "-o", "json", "--all", "--no-pager", "CONTAINER_ID_FULL=\(id)"], extraEnv: env).output
            entries = out.split(separator: "\n").compactMap {
                try? JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
            return entries.count >= 5
        }
        func field(_ e: [String: Any], _ k: String) -> String? { e[k] as? String }
        let messages = entries.compactMap { field($0, "MESSAGE") }
        #expect(messages.contains("hello journal"))
        #expect(messages.contains("to stderr"))
        #expect(messages.contains("no newline"))

        let hello = try #require(entries.first { field($0, "MESSAGE") == "hello journal" })
        #expect(field(hello, "CONTAINER_ID") == String(id.prefix(12)))
        #expect(field(hello, "CONTAINER_ID_FULL") == id)
        #expect(field(hello, "CONTAINER_NAME") == "web")
        #expect(field(hello, "CONTAINER_TAG") == "webtag")
        #expect(field(hello, "SYSLOG_IDENTIFIER") == "webtag")
        #expect(field(hello, "COLOR") == "blue")
        #expect(field(hello, "PRIORITY") == "6")
        #expect(hello["CONTAINER_PARTIAL_MESSAGE"] == nil)
        let err = try #require(entries.first { field($0, "MESSAGE") == "to stderr" })
        #expect(field(err, "PRIORITY") == "3")

        // The 10000-byte line: one partial piece of 8192, then the rest.
        let ys = entries.filter { (field($0, "MESSAGE") ?? "").hasPrefix("yyy") }
        #expect(ys.count == 2)
        #expect(ys.first.map { field($0, "CONTAINER_PARTIAL_MESSAGE") } == "true")
        #expect(ys.map { field($0, "MESSAGE")?.count ?? 0 }.reduce(0, +) == 10000)
        #expect(ys.last?["CONTAINER_PARTIAL_MESSAGE"] == nil)
    }
}
