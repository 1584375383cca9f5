import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine
@testable import BerthCLI

/// `--detach-keys`: Podman's key sequences and what its parser refuses.
@Suite("Attach: --detach-keys parsing and matching")
struct DetachKeysTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var spec: String
        var bytes: [UInt8]
        var testDescription: String { spec.debugDescription }
    }

    @Test("Podman's key names", arguments: [
        Case(spec: "ctrl-p,ctrl-q", bytes: [16, 17]), Case(spec: "ctrl-@", bytes: [0]), Case(spec: "ctrl-a,d", bytes: [1, 100]),
        Case(spec: "ctrl-[,ctrl-\\,ctrl-],ctrl-^,ctrl-_", bytes: [27, 28, 29, 30, 31]), Case(spec: "x,DEL", bytes: [120, 127]),
        Case(spec: "", bytes: []),
    ])
    func parses(_ c: Case) throws {
        #expect(try DetachKeys(c.spec).sequence == c.bytes)
    }

    @Test("unknown keys get Podman's error", arguments: [("ctrl-p,bogus", "bogus"), ("ctrl-p,", ""), ("ctrl-1", "ctrl-1"), ("ab", "ab")])
    func refuses(spec: String, key: String) {
        #expect { try DetachKeys(spec) } throws: { ($0 as? EngineError)?.message == "invalid detach keys: Unknown character: '\(key)'" }
    }

    @Test("the sequence is found across reads and after a false start; other bytes pass")
    func matcher() throws {
        var m = DetachKeys.Matcher(try DetachKeys("a,a,b"))
        var r = m.feed(Array("xa".utf8))
        #expect(r.pass == Array("x".utf8) && !r.detach)
        r = m.feed(Array("a".utf8))
        #expect(r.pass.isEmpty && !r.detach)
        r = m.feed(Array("ab".utf8))
        #expect(r.pass == Array("a".utf8) && r.detach, "aaab: the sequence starts at the second a")
        var none = DetachKeys.Matcher(try DetachKeys(""))
        #expect(none.feed([16, 17]).pass == [16, 17])
        var held = DetachKeys.Matcher(try DetachKeys("ctrl-p,ctrl-q"))
        #expect(held.feed([65, 16]).pass == [65])
        #expect(held.flush() == [16], "a held key is input after all at the end")
    }
}

/// Detaching from `run -it`, `attach` and `run -i` leaves the container
/// running and berth exiting 0.
@Suite("Containers: --detach-keys detach and leave the container running",
       .enabled(if: ContainerTestSupport.canRunContainers && EngineTestSupport.which("python3") != nil,
                "needs python3 (to drive a pty) and what container tests need"))
struct ContainerDetachKeysTests {
    /// Starts argv on a pty, waits for argv[1] ("ready"), types "hello",
    /// waits for "got hello", types the keys in argv[2] (hex) one at a
    /// time, and prints the terminal's output and the exit status.
    static let driver = """
    import os, pty, sys, time, select
    ready = sys.argv[1].encode()
    keys = bytes.fromhex(sys.argv[2])
    pid, fd = pty.fork()
    if pid == 0:
        os.execv(sys.argv[3], sys.argv[3:])
    out = b''
    def pump(until, timeout=30):
        global out
        end = time.time() + timeout
        while until not in out and time.time() < end:
            r, _, _ = select.select([fd], [], [], 0.2)
            if r:
                try: d = os.read(fd, 4096)
                except OSError: return
                if not d: return
                out += d
    pump(ready)
    os.write(fd, b'hello\\r')
    pump(b'got hello')
    for k in keys:
        os.write(fd, bytes([k]))
        time.sleep(0.1)
    pump(b'never', 3)
    end = time.time() + 60
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done or time.time() > end: break
        time.sleep(0.05)
    if not done:
        os.kill(pid, 9)
        os.waitpid(pid, 0)
    shown = 'status=%d' % os.waitstatus_to_exitcode(status) if done else 'status=hung'
    sys.stdout.write(out.decode('utf-8', 'replace').replace('\\r', '') + shown + '\\n')
    """

    static let script = "echo ready; read x; echo got $x; sleep 1000"

    static func drive(_ store: TestStore, keys: [UInt8], waitFor ready: String = "ready", _ arguments: [String]) throws -> String {
        let path = store.dir + "/detach.py"
        try Data(driver.utf8).write(to: URL(fileURLWithPath: path))
        let hex = keys.map { String(format: "%02x", $0) }.joined()
        return try EngineTestSupport.run(EngineTestSupport.which("python3")!, [path, ready, hex, EngineTestSupport.berth!] + store.globalArguments + arguments).stdout
    }

    static func running(_ store: TestStore) throws -> String {
        try store.berth("ps", "--format", "{{.Names}}").stdout
    }

    @Test("run -it: ctrl-p,ctrl-q (the default) detaches; --rm leaves it running too")
    func runDefault() throws {
        let store = try ContainerTestSupport.store("detach-run")
        let shown = try Self.drive(store, keys: [16, 17], ["run", "--rm", "--name", "box", "-it", "localhost/busybox", "sh", "-c", Self.script])
        #expect(shown.contains("got hello\n"), "\(shown)")
        #expect(shown.hasSuffix("status=0\n"), "\(shown)")
        #expect(try Self.running(store) == "box\n")
    }

    @Test("run -it --detach-keys ctrl-a,d: that sequence detaches")
    func runCustom() throws {
        let store = try ContainerTestSupport.store("detach-custom")
        let shown = try Self.drive(store, keys: [1, 100], ["run", "--name", "box", "-it", "--detach-keys", "ctrl-a,d", "localhost/busybox",
                                                         "sh", "-c", Self.script])
        #expect(shown.hasSuffix("status=0\n"), "\(shown)")
        #expect(try Self.running(store) == "box\n")
    }

    @Test("attach: detaching from a -it container leaves it running for the next attach")
    func attach() throws {
        let store = try ContainerTestSupport.store("detach-attach")
        #expect(try store.berth("run", "-dit", "--name", "box", "localhost/busybox", "sh", "-c",
                                "while read x; do echo got $x; done").status == 0)
        // Typed at once: the terminal holds it until berth reads.
        let shown = try Self.drive(store, keys: [16, 17], waitFor: "", ["attach", "box"])
        #expect(shown.contains("got hello\n"), "\(shown)")
        #expect(shown.hasSuffix("status=0\n"), "\(shown)")
        #expect(try Self.running(store) == "box\n")
    }

    @Test("run -i from a pipe: the keys in the input detach; with --detach-keys \"\" they are input")
    func pipe() throws {
        let store = try ContainerTestSupport.store("detach-pipe")
        let detached = try store.berth(["run", "-i", "--name", "box", "localhost/busybox", "sh", "-c", "sleep 1000"],
                                       stdin: Data([97, 16, 17, 98]))
        #expect(detached.status == 0, "\(detached.stderr)")
        #expect(try Self.running(store) == "box\n")
        let passed = try store.berth(["run", "--rm", "-i", "--detach-keys", "", "localhost/busybox", "cat"], stdin: Data([97, 16, 17, 98]))
        #expect(passed.status == 0, "\(passed.stderr)")
        #expect(Array(passed.stdout.utf8) == [97, 16, 17, 98])
    }

    @Test("an unknown key is refused before a container is made")
    func invalid() throws {
        let store = try ContainerTestSupport.store("detach-invalid")
        let r = try store.berth("run", "--detach-keys", "ctrl-p,bogus", "localhost/busybox", "true")
        #expect(r.status == 125)
        #expect(r.stderr == "Error: invalid detach keys: Unknown character: 'bogus'\n", "\(r.stderr)")
        #expect(try store.berth("ps", "-a", "-q").stdout.isEmpty)
    }
}
