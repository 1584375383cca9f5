import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine

/// A command that does not exist exits 127, one that cannot run 126, with
/// Podman's words (libpod's mapping of the runtime's error), for `run` and
/// `exec`; a command's own status 255 stays its own.
@Suite("Errors: commands that cannot start", .enabled(if: ContainerTestSupport.canRunContainers, ContainerTestSupport.reason))
struct ExecErrorTests {
    init() { signal(SIGPIPE, SIG_IGN) }

    static let notFound = ": OCI runtime attempted to invoke a command that was not found\n"
    static let denied = ": OCI permission denied\n"

    @Test("exec: 127 for a missing command, 126 for a directory or a file without x, the command's own status otherwise")
    func exec() throws {
        let store = try ContainerTestSupport.store("exec-err")
        _ = try store.berth("run", "-d", "--name", "x", "--network", "none", "localhost/busybox", "sleep", "1000")
        let prefix = "Error: runc: exec failed: unable to start container process: exec: "

        let missing = try store.berth("exec", "x", "nonexist")
        #expect(missing.status == 127)
        #expect(missing.stderr == prefix + "\"nonexist\": executable file not found in $PATH" + Self.notFound)
        let absent = try store.berth("exec", "x", "/nonexistent")
        #expect(absent.status == 127)
        #expect(absent.stderr == prefix + "\"/nonexistent\": stat /nonexistent: no such file or directory" + Self.notFound)
        let directory = try store.berth("exec", "x", "/etc")
        #expect(directory.status == 126)
        #expect(directory.stderr == prefix + "\"/etc\": permission denied" + Self.denied)
        let plain = try store.berth("exec", "x", "/etc/passwd")
        #expect(plain.status == 126)
        #expect(plain.stderr == prefix + "\"/etc/passwd\": permission denied" + Self.denied)

        let own = try store.berth("exec", "x", "sh", "-c", "echo err >&2; exit 255")
        #expect(own.status == 255)
        #expect(own.stderr == "err\n")
        let relative = try store.berth("exec", "-w", "/bin", "x", "./sh", "-c", "echo ok")
        #expect(relative.stdout == "ok\n")
    }

    @Test("run: 127 for a missing command, 126 for one that cannot run")
    func run() throws {
        let store = try ContainerTestSupport.store("run-err")
        let missing = try store.berth("run", "--rm", "--network", "none", "localhost/busybox", "nonexist")
        #expect(missing.status == 127)
        #expect(missing.stderr.hasSuffix("exec: \"nonexist\": executable file not found in $PATH" + Self.notFound))
        let denied = try store.berth("run", "--rm", "--network", "none", "localhost/busybox", "/etc/passwd")
        #expect(denied.status == 126)
        #expect(denied.stderr.hasSuffix("exec: \"/etc/passwd\": permission denied" + Self.denied))
    }
}
