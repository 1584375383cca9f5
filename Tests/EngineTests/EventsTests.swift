import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine

@Suite("events: Podman's file-backend lines and times")
struct EventFormatTests {
    @Test("a line of Podman's events.log decodes; ours encode to the same fields and read back")
    func podmanLine() throws {
        let line = #"{"ID":"4f0c5c7e2c1b","Image":"localhost/busybox:latest","Name":"web","Status":"died","Time":"2026-12-03T14:20:01.123456789+01:00","Type":"container","ContainerExitCode":3,"Attributes":{"image":"localhost/busybox:latest","name":"web"}}"#
        let e = try JSONDecoder().decode(EngineEvent.self, from: Data(line.utf8))
        #expect(e.kind == .container && e.Status == "died" && e.ContainerExitCode == 3 && e.Name == "web")
        #expect(abs(e.time - 1_796_304_001.123456789) < 1e-6)
        let ours = try e.jsonLine()
        #expect(ours.contains(#""Time":"2026-12-03T13:20:01.123456"#), "\(ours)")
        #expect(try JSONDecoder().decode(EngineEvent.self, from: Data(ours.utf8)).Status == "died")
        let created = EngineEvent(.image, "tag", id: "abc", name: "localhost/x:1", time: 1_796_304_001)
        #expect(try created.jsonLine() == #"{"ID":"abc","Name":"localhost/x:1","Status":"tag","Time":"2026-12-03T13:20:01Z","Type":"image"}"#)
    }

    @Test("--since/--until: Unix times, RFC 3339, dates and durations before now")
    func inputTimes() throws {
        #expect(try LogTimeBound.parse("1796304001.5", now: 0) == 1_796_304_001.5)
        #expect(try LogTimeBound.parse("2026-12-03T13:20:01Z", now: 0) == 1_796_304_001)
        #expect(try LogTimeBound.parse("2026-12-03", now: 0) == 1_796_256_000)
        #expect(try LogTimeBound.parse("10m", now: 1000) == 400)
        #expect(try LogTimeBound.parse("1h30m", now: 10_000) == 4_600)
        #expect(throws: EngineError.self) { try LogTimeBound.parse("yesterday", now: 0) }
    }
}

@Suite("events: what containers and images did, across berth processes", .enabled(if: ContainerTestSupport.canRunContainers, ContainerTestSupport.reason))
struct EventsTests {
    init() { signal(SIGPIPE, SIG_IGN) }

    @Test("create, start, died (with its exit code), remove; image tag; filters, --format, --since/--until")
    func lifecycle() throws {
        let store = try ContainerTestSupport.store("events")
        let before = Timestamp.now()
        let run = try store.berth("run", "--name", "e", "--network", "none", "localhost/busybox", "sh", "-c", "exit 3")
        #expect(run.status == 3, "\(run.stderr)")
        #expect(try store.berth("rm", "e").status == 0)
        #expect(try store.berth("tag", "localhost/busybox", "localhost/other:1").status == 0)

        let statuses = try store.berth("events", "--stream=false", "--filter", "container=e", "--format", "{{.Status}} {{.Name}}")
        #expect(statuses.status == 0, "\(statuses.stderr)")
        #expect(statuses.stdout == "create e\nstart e\ndied e\nremove e\n")
        #expect(try store.berth("events", "--stream=false", "--filter", "event=died", "--format", "{{.ContainerExitCode}}").stdout == "3\n")
        #expect(try store.berth("events", "--stream=false", "--filter", "type=image", "--format", "{{.Status}} {{.Name}}").stdout
                == "tag localhost/other:1\n")
        let human = try store.berth("events", "--stream=false", "--filter", "event=create")
        #expect(human.stdout.contains(" container create "), "\(human.stdout)")
        #expect(human.stdout.hasSuffix("(image=localhost/busybox:latest, name=e)\n"), "\(human.stdout)")
        let json = try store.berth("events", "--stream=false", "--filter", "event=remove", "--format", "json").out
        let object = try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any]
        #expect(object?["Type"] as? String == "container" && object?["Name"] as? String == "e")

        #expect(try store.berth("events", "--stream=false", "--until", String(before), "--format", "{{.Status}}").stdout == "")
        #expect(try store.berth("events", "--stream=false", "--since", "1m", "--filter", "container=e", "--format", "{{.Status}}").stdout
                .split(separator: "\n").count == 4)
        let bad = try store.berth("events", "--stream=false", "--filter", "colour=red")
        #expect(bad.status == 125 && bad.stderr.contains("colour is an invalid filter"), "\(bad.stderr)")
    }

    @Test("volumes, networks (and a container joining one) and pods have events too; --events-backend none writes none")
    func otherObjects() throws {
        let store = try ContainerTestSupport.store("events-objects")
        #expect(try store.berth("volume", "create", "ev-data").status == 0)
        #expect(try store.berth("volume", "rm", "ev-data").status == 0)
        #expect(try store.berth("network", "create", "--subnet", "10.205.9.0/24", "ev-net").status == 0)
        #expect(try store.berth("create", "--name", "ev-c", "--network", "ev-net", "localhost/busybox", "true").status == 0)
        #expect(try store.berth("network", "disconnect", "ev-net", "ev-c").status == 0)
        #expect(try store.berth("rm", "ev-c").status == 0)
        #expect(try store.berth("network", "rm", "ev-net").status == 0)
        #expect(try store.berth("pod", "create", "--name", "ev-pod", "--network", "none").status == 0)
        #expect(try store.berth("pod", "start", "ev-pod").status == 0)
        #expect(try store.berth("pod", "rm", "-f", "-t", "0", "ev-pod").status == 0)
        func events(_ filter: String) throws -> String {
            try store.berth("events", "--stream=false", "--filter", filter, "--format", "{{.Type}} {{.Status}} {{.Name}}").stdout
        }
        #expect(try events("volume=ev-data") == "volume create ev-data\nvolume remove ev-data\n")
        let networkEvents = try store.berth("events", "--stream=false", "--filter", "network=ev-net", "--format", "{{.Status}} {{.Network}} {{.Name}}").stdout
        #expect(networkEvents == "create ev-net \ndisconnect ev-net ev-c\nremove ev-net \n", "\(networkEvents)")
        #expect(try events("pod=ev-pod") == "pod create ev-pod\npod start ev-pod\npod remove ev-pod\n")

        let quiet = try store.berth("--events-backend", "none", "volume", "create", "ev-quiet")
        #expect(quiet.status == 0, "\(quiet.stderr)")
        #expect(try events("volume=ev-quiet") == "", "no event written with --events-backend none")
        #expect(try store.berth("--events-backend", "none", "events", "--stream=false").stdout == "")
        let bad = try store.berth("--events-backend", "syslog", "ps")
        #expect(bad.status == 125 && bad.stderr.contains("invalid events backend \"syslog\": use file, journald or none"), "\(bad.stderr)")
    }

    @Test("events follows the log: an event another berth writes later is printed")
    func follows() throws {
        let store = try ContainerTestSupport.store("events-follow")
        let output = Pipe()
        let follower = Process()
        follower.executableURL = URL(fileURLWithPath: EngineTestSupport.berth!)
        follower.arguments = store.globalArguments + ["events", "--filter", "container=later", "--format", "{{.Status}} {{.Name}}"]
        follower.standardOutput = output
        try follower.run()
        // SIGKILL: a child of the test process may inherit SIGTERM blocked.
        defer { if follower.isRunning { kill(follower.processIdentifier, SIGKILL) }; follower.waitUntilExit() }
        usleep(300_000)
        #expect(try store.berth("create", "--name", "later", "localhost/busybox", "true").status == 0)
        var seen = ""
        let fd = output.fileHandleForReading.fileDescriptor
        _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK)
        #expect(ContainerTestSupport.eventually(10) {
            var buffer = [UInt8](repeating: 0, count: 4096)
            let n = read(fd, &buffer, buffer.count)
            if n > 0 { seen += String(decoding: buffer[..<n], as: UTF8.self) }
            return seen.contains("create later\n")
        }, "\(seen)")
    }
}
