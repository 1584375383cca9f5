import Testing
@testable import Engine

/// The CLI's value parsers (Sources/Engine/Spec/Values) on ordinary and
/// hostile values: accepted values come out exact, everything else is an
/// error with Podman's words, never a trap.
@Suite("Value parsers")
struct ValueParserTests {
    struct Case: CustomTestStringConvertible, Sendable {
        var text: String
        var expected: Int64?
        var message: String?
        var testDescription: String { text.debugDescription }
    }

    static func message<T>(_ body: () throws -> T) -> String? {
        do { _ = try body(); return nil } catch let error as EngineError { return error.message } catch { return "\(error)" }
    }

    @Test("sizes", arguments: [
        Case(text: "64m", expected: 64 << 20), Case(text: "1g", expected: 1 << 30), Case(text: "512k", expected: 512 << 10),
        Case(text: "100", expected: 100), Case(text: "1.5k", expected: 1536), Case(text: "10 MiB", expected: 10 << 20),
        Case(text: "2GB", expected: 2 << 30), Case(text: "1b", expected: 1), Case(text: "1e3", expected: 1000),
        Case(text: "9223372036854775807", expected: Int64.max),
        Case(text: "8191p", expected: 8191 << 50),
        Case(text: "9999999999g", message: "invalid size: '9999999999g'"),
        Case(text: "9223372036854775808", message: "invalid size: '9223372036854775808'"),
        Case(text: "99999999999999999999g", message: "invalid size: '99999999999999999999g'"),
        Case(text: "1e30", message: "invalid size: '1e30'"),
        Case(text: "1e400", message: "invalid size: '1e400'"),
        Case(text: "inf", message: "invalid size: 'inf'"),
        Case(text: "nan", message: "invalid size: 'nan'"),
        Case(text: "-1", message: "invalid size: '-1'"),
        Case(text: "", message: "invalid size: ''"),
        Case(text: "0x10m", message: "invalid suffix: 'x10m'"),
        Case(text: "10asdfg", message: "invalid suffix: 'asdfg'"),
        Case(text: "1kx", message: "invalid suffix: 'kx'"),
    ])
    func sizes(_ c: Case) {
        if let expected = c.expected { #expect((try? ByteSize.parse(c.text)) == expected) }
        if let message = c.message { #expect(Self.message { try ByteSize.parse(c.text) } == message) }
    }

    @Test("--memory: Podman's floor, 0 for no limit, huge values refused")
    func memory() throws {
        #expect(try ByteSize.memoryLimit("0") == nil)
        #expect(try ByteSize.memoryLimit("6m") == 6 << 20)
        #expect(Self.message { try ByteSize.memoryLimit("1") } == "minimum memory limit allowed is 6MB")
        #expect(Self.message { try ByteSize.memoryLimit("9223372036854775807") } == nil)
        #expect(Self.message { try ByteSize.memoryLimit("9999999999g") } == "invalid value for memory: invalid size: '9999999999g'")
        #expect(Self.message { try ByteSize.shmSize("99999999999999999999g") } == "unable to translate --shm-size: invalid size: '99999999999999999999g'")
        #expect(try ByteSize.parseDecimal("10k") == 10_000)
    }

    @Test("durations", arguments: [
        ("30s", 30.0), ("1m30s", 90), ("500ms", 0.5), ("2h", 7200), ("-1.5h", -5400), ("1us", 1e-6), ("1\u{B5}s", 1e-6),
        ("0", 0), ("15", 15), ("2562047h", 2562047 * 3600.0),
    ] as [(String, Double)])
    func durations(_ text: String, _ seconds: Double) throws {
        #expect(try Durations.parse(text) == seconds)
    }

    @Test("hostile durations are refused with Go's message", arguments: [
        ("abc", "time: invalid duration \"abc\""), ("1x", "time: unknown unit \"x\" in duration \"1x\""),
        ("9999999999999h", "time: invalid duration \"9999999999999h\""), ("inf", "time: invalid duration \"inf\""),
        ("1e30", "time: unknown unit \"e\" in duration \"1e30\""), ("", "time: invalid duration \"\""), ("-", "time: invalid duration \"-\""),
        ("1.2.3s", "time: invalid duration \"1.2.3s\""), ("99999999999999999999", "time: invalid duration \"99999999999999999999\""),
    ] as [(String, String)])
    func badDurations(_ text: String, _ message: String) {
        #expect(Self.message { try Durations.parse(text) } == message)
    }

    @Test("log time bounds stay between the epoch and Go's last time")
    func logTimes() throws {
        #expect(try LogTimeBound.parse("10m", now: 1000) == 400)
        #expect(try LogTimeBound.parse("2000000h", now: 1000) == 0)
        #expect(try LogTimeBound.parse("1700000000.5", now: 0) == 1_700_000_000.5)
        #expect(try LogTimeBound.parse("1796304001", now: 0) == 1_796_304_001, "ten digits are Unix seconds, not a date")
        #expect(try LogTimeBound.parse("1970-01-01T00:01:00Z", now: 0) == 60)
        #expect(Self.message { try LogTimeBound.parse("1e300", now: 0) } != nil)
        #expect(Self.message { try LogTimeBound.parse("99999999999999", now: 0) } != nil)
        #expect(Self.message { try LogTimeBound.parse("inf", now: 0) } != nil)
    }

    @Test("signals")
    func signals() throws {
        #expect(try Signals.parse("TERM") == 15)
        #expect(try Signals.parse("sigkill") == 9)
        #expect(try Signals.parse("RTMIN+3") == 37)
        #expect(try Signals.parse("SIGRTMAX-1") == 63)
        for bad in ["RTMIN+2147483647", "RTMAX-99", "0", "65", "-9", "99999999999", "BOGUS", ""] {
            #expect(Self.message { try Signals.parse(bad) } == "invalid signal: \(bad)")
        }
    }

    @Test("ulimits")
    func ulimits() throws {
        #expect(try Ulimit.parse("nofile=1024:2048") == Ulimit(type: "RLIMIT_NOFILE", soft: 1024, hard: 2048))
        #expect(try Ulimit.parse("nproc=-1") == Ulimit(type: "RLIMIT_NPROC", soft: .max, hard: .max))
        for bad in ["nofile", "bogus=1", "nofile=99999999999999999999", "nofile=1:2:3", "nofile=x"] {
            #expect(Self.message { try Ulimit.parse(bad) } == "invalid ulimit \(bad.debugDescription)")
        }
        #expect(Self.message { try Ulimit.parse("nofile=10:5") } == "ulimit error: nofile=10:5: soft limit must be less than or equal to hard limit")
    }

    @Test("-e and --env-file lines")
    func environment() throws {
        #expect(try EnvironmentAssignment.parse("A=b=c") == .set(name: "A", value: "b=c"))
        #expect(try EnvironmentAssignment.parse("A=") == .set(name: "A", value: ""))
        #expect(try EnvironmentAssignment.parse("HOME") == .inherit(name: "HOME"))
        #expect(try EnvironmentAssignment.parse("XDG_*") == .inheritPrefix("XDG_"))
        #expect(Self.message { try EnvironmentAssignment.parse("=x") } == "invalid variable: \"=x\"")
        #expect(Self.message { try EnvironmentAssignment.parse("") } == "invalid variable: \"\"")
        let file = try EnvironmentAssignment.parseFile(Array("# comment\n\n  A=1\r\nB\n\tC=two words\n".utf8))
        #expect(file == [.set(name: "A", value: "1"), .inherit(name: "B"), .set(name: "C", value: "two words")])
        #expect(Self.message { try EnvironmentAssignment.parseFile(Array("A=1\n=oops\n".utf8)) } == "invalid variable: \"=oops\"")
    }

    @Test("--log-opt")
    func logOptions() throws {
        #expect(try LogOptions.parse(["max-size=10k", "path=/x/log", "tag=web"]) == ["max-size": "10000", "path": "/x/log", "tag": "web"])
        #expect(Self.message { try LogOptions.parse(["bogus"]) } == "invalid log option \"bogus\"")
        #expect(Self.message { try LogOptions.parse(["max-size=abc"]) } == "invalid size: 'abc'")
        #expect(Self.message { try LogOptions.parse(["tag="]) } == "invalid log option: invalid argument")
    }

    @Test("--tmpfs")
    func tmpfs() throws {
        #expect(try TmpfsMount.parse("/run:size=64m,mode=1777") == TmpfsMount(destination: "/run", options: ["size=64m", "mode=1777"]))
        #expect(Self.message { try TmpfsMount.parse("relative") } == "invalid container path \"relative\", must be an absolute path")
        #expect(Self.message { try TmpfsMount.parse("/run:size=9999999999g") } == "invalid size: '9999999999g'")
    }

    @Test("--uidmap stays inside 32 bits")
    func idMaps() throws {
        #expect(try IDMap.parse(["0:100000:65536"], flag: "--uidmap") == [IDMap(containerID: 0, hostID: 100000, size: 65536)])
        for bad in ["4294967295:0:2", "0:0:0", "0:0", "a:b:c", "0:0:99999999999"] {
            #expect(Self.message { try IDMap.parse([bad], flag: "--uidmap") } != nil)
        }
    }
}
