import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine
@testable import BerthCLI

/// `--sig-proxy` (Podman's default for `run`, `start -a` and `attach`):
/// signals sent to the berth process reach the container's process.
@Suite("Containers: --sig-proxy forwards signals to the container", .enabled(if: ContainerTestSupport.canRunContainers
                                                                              && EngineTestSupport.which("python3") != nil,
                                                                              "needs python3 (to signal berth mid-run) and what container tests need"))
struct ContainerSignalProxyTests {
    /// Starts argv (with no signal blocked: the test's thread may block
    /// some), waits for "ready", sends SIGUSR1, waits for "got USR1", sends
    /// SIGTERM, and prints the output and the exit status (negative: killed
    /// by that signal; "hung" if berth did not end, then it is killed).
    static let driver = """
    import os, sys, subprocess, time, signal, select
    p = subprocess.Popen(sys.argv[1:], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                         preexec_fn=lambda: signal.pthread_sigmask(signal.SIG_SETMASK, []))
    out = b''
    def pump(until, timeout=30):
        global out
        end = time.time() + timeout
        while until not in out and time.time() < end:
            r, _, _ = select.select([p.stdout], [], [], 0.2)
            if r:
                d = os.read(p.stdout.fileno(), 4096)
                if not d: return
                out += d
    pump(b'ready')
    p.send_signal(signal.SIGUSR1)
    pump(b'got USR1', 5)
    p.send_signal(signal.SIGTERM)
    pump(b'never', 10)
    try: status = '%d' % p.wait(timeout=5)
    except subprocess.TimeoutExpired:
        p.kill()
        status = 'hung'
    sys.stdout.write(out.decode('utf-8', 'replace') + 'status=%s\\n' % status)
    """

    static let script = "trap 'echo got USR1' USR1; trap 'echo got TERM; exit 3' TERM; while :; do echo ready; sleep 0.2; done"

    static func drive(_ store: TestStore, _ arguments: [String]) throws -> String {
        let path = store.dir + "/sigdrive.py"
        try Data(driver.utf8).write(to: URL(fileURLWithPath: path))
        let r = try EngineTestSupport.run(EngineTestSupport.which("python3")!, [path, EngineTestSupport.berth!] + store.globalArguments + arguments)
        return r.stdout + r.stderr
    }

    @Test("run: SIGUSR1 and SIGTERM reach the container's trap, berth exits with its code")
    func run() throws {
        let store = try ContainerTestSupport.store("sigproxy-run")
        let shown = try Self.drive(store, ["run", "--rm", "localhost/busybox", "sh", "-c", Self.script])
        #expect(shown.contains("got USR1\n"), "\(shown)")
        #expect(shown.contains("got TERM\n"), "\(shown)")
        #expect(shown.hasSuffix("status=3\n"), "\(shown)")
    }

    @Test("start -a: the same for a created container")
    func startAttached() throws {
        let store = try ContainerTestSupport.store("sigproxy-start")
        #expect(try store.berth("create", "--name", "box", "localhost/busybox", "sh", "-c", Self.script).status == 0)
        let shown = try Self.drive(store, ["start", "-a", "box"])
        #expect(shown.contains("got USR1\n"), "\(shown)")
        #expect(shown.hasSuffix("status=3\n"), "\(shown)")
    }

    @Test("attach: the same for a running container")
    func attach() throws {
        let store = try ContainerTestSupport.store("sigproxy-attach")
        #expect(try store.berth("run", "-d", "--name", "box", "localhost/busybox", "sh", "-c", Self.script).status == 0)
        let shown = try Self.drive(store, ["attach", "box"])
        #expect(shown.contains("got USR1\n"), "\(shown)")
        #expect(shown.hasSuffix("status=3\n"), "\(shown)")
    }

    @Test("--sig-proxy=false: the signal is berth's own (SIGUSR1 ends it), the container runs on")
    func off() throws {
        let store = try ContainerTestSupport.store("sigproxy-off")
        let shown = try Self.drive(store, ["run", "--name", "box", "--sig-proxy=false", "localhost/busybox", "sh", "-c", Self.script])
        #expect(!shown.contains("got USR1"), "\(shown)")
        #expect(shown.hasSuffix("status=-\(SIGUSR1)\n"), "\(shown)")
        #expect(try store.berth("ps", "--format", "{{.Names}}").stdout == "box\n")
    }

    @Test("start --sig-proxy=true without --attach is Podman's error")
    func startWithoutAttach() throws {
        let store = TestStore("sigproxy-noattach")
        let r = try store.berth("start", "--sig-proxy=true", "box")
        #expect(r.status == 125)
        #expect(r.stderr == "Error: you cannot use sig-proxy without --attach: invalid argument\n", "\(r.stderr)")
    }
}
