import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine
@testable import BerthCLI
@testable import GoTemplate

/// `run -it` / `exec -it` from a real terminal (a pty driven by a small
/// Python script): the container's terminal starts at our size, follows
/// window changes, and our terminal is raw (Ctrl-C reaches the container).
@Suite("Containers: -it terminals", .enabled(if: ContainerTestSupport.canRunContainers && EngineTestSupport.which("python3") != nil,
                                              "needs python3 (to drive a pty) and what container tests need"))
struct ContainerTerminalTests {
    /// Starts argv on a new pty sized 33x77, waits for "size1", resizes to
    /// 44x99 (the kernel sends SIGWINCH), types "go\r", waits for "size2",
    /// sends Ctrl-C, and prints what the terminal showed and the exit status.
    static let driver = """
    import os, pty, sys, time, fcntl, termios, struct, select
    def setsize(fd, r, c): fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack('HHHH', r, c, 0, 0))
    pid, fd = pty.fork()
    if pid == 0:
        setsize(0, 33, 77)
        os.execv(sys.argv[1], sys.argv[1:])
    setsize(fd, 33, 77)
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
    pump(b'size1')
    setsize(fd, 44, 99)
    time.sleep(0.3)
    os.write(fd, b'go\\r')
    pump(b'size2')
    os.write(fd, b'\\x03')
    pump(b'trapped')
    pump(b'never', 5)
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

    // The trap is set before "size2" is shown: the driver sends Ctrl-C as soon as it sees it.
    static let script = "echo size1 $(stty size); read x; trap 'echo trapped; exit 7' INT; echo size2 $(stty size); while :; do sleep 0.1; done"

    static func drive(_ store: TestStore, _ arguments: [String]) throws -> String {
        let path = store.dir + "/drive.py"
        try Data(driver.utf8).write(to: URL(fileURLWithPath: path))
        let result = try EngineTestSupport.run(EngineTestSupport.which("python3")!, [path, EngineTestSupport.berth!] + store.globalArguments + arguments)
        return result.stdout
    }

    @Test("run -it: initial size, SIGWINCH resizes, raw mode passes Ctrl-C to the container")
    func runInteractive() throws {
        let store = try ContainerTestSupport.store("ct-tty-run")
        let shown = try Self.drive(store, ["run", "--rm", "-it", "localhost/busybox", "sh", "-c", Self.script])
        #expect(shown.contains("size1 33 77\n"), "\(shown)")
        #expect(shown.contains("size2 44 99\n"), "\(shown)")
        #expect(shown.contains("trapped\n"), "\(shown)")
        #expect(shown.hasSuffix("status=7\n"), "\(shown)")
    }

    @Test("exec -it: the same for a process in a running container")
    func execInteractive() throws {
        let store = try ContainerTestSupport.store("ct-tty-exec")
        #expect(try store.berth("run", "-d", "--name", "box", "localhost/busybox", "sleep", "1000").status == 0)
        let shown = try Self.drive(store, ["exec", "-it", "box", "sh", "-c", Self.script])
        #expect(shown.contains("size1 33 77\n"), "\(shown)")
        #expect(shown.contains("size2 44 99\n"), "\(shown)")
        #expect(shown.contains("trapped\n"), "\(shown)")
        #expect(shown.hasSuffix("status=7\n"), "\(shown)")
    }
}
