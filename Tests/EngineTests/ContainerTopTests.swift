import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine
@testable import BerthCLI

/// `top` and `pod top` as Podman's psgo prints them: the container's own
/// view (pid 1, its users), Go's durations, psgo's extra descriptors, and
/// ps(1) in the container for anything else.
@Suite("Containers: top as Podman's psgo shows it", .enabled(if: ContainerTestSupport.canRunContainers, ContainerTestSupport.reason))
struct ContainerTopTests {
    static func cells(_ line: Substring) -> [String] {
        line.split(separator: " ", omittingEmptySubsequences: true).map(String.init)
    }

    @Test("default columns: USER PID PPID %CPU ELAPSED TTY TIME COMMAND, pids and users as the container sees them")
    func defaultColumns() throws {
        let store = try ContainerTestSupport.store("ct-top")
        let run = try store.berth("run", "-d", "--name", "box", "localhost/busybox", "sh", "-c", "sleep 1001 & exec sleep 1002")
        try #require(run.status == 0, "\(run.stderr)")
        var lines: [Substring] = []
        #expect(ContainerTestSupport.eventually(10) {
            lines = (try? store.berth("top", "box").stdout.split(separator: "\n")) ?? []
            return lines.count == 3
        }, "\(lines)")
        try #require(lines.count == 3)
        #expect(Self.cells(lines[0]) == ["USER", "PID", "PPID", "%CPU", "ELAPSED", "TTY", "TIME", "COMMAND"])
        let first = Self.cells(lines[1]), second = Self.cells(lines[2])
        #expect(Array(first.prefix(4)) == ["root", "1", "0", "0.000"], "\(first)")
        #expect(first[4].range(of: #"^[0-9.]+(ns|µs|ms|s)$|^[0-9]+m[0-9.]+s$"#, options: .regularExpression) != nil, "Go's duration: \(first[4])")
        #expect(Array(first.suffix(4)) == ["?", "0s", "sleep", "1002"], "\(first)")
        #expect(second[0] == "root" && second[2] == "1" && Array(second.suffix(2)) == ["sleep", "1001"], "\(second)")
        // Go's tabwriter as Podman sets it: cells padded to at least 12.
        #expect(lines[0].hasPrefix("USER        PID         PPID") && lines[1].hasPrefix("root        1           0 "), "\(lines)")

        let pid = try store.berth("inspect", "--format", "{{.State.Pid}}", "box").out
        let chosen = try store.berth("top", "box", "pid,hpid", "user", "seccomp", "capeff").stdout.split(separator: "\n")
        #expect(Self.cells(chosen[0]) == ["PID", "HPID", "USER", "SECCOMP", "EFFECTIVE", "CAPS"])
        #expect(Self.cells(chosen[1]) == ["1", pid, "root", "filter",
                                          "CHOWN,DAC_OVERRIDE,FOWNER,FSETID,KILL,NET_BIND_SERVICE,SETFCAP,SETGID,SETPCAP,SETUID,SYS_CHROOT"])
        #expect(Self.cells(try store.berth("top", "box", "%p", "%U").stdout.split(separator: "\n")[0]) == ["PID", "USER"])

        // Without ps(1) in the container, an unknown descriptor is psgo's error.
        #expect(try store.berth("exec", "box", "rm", "-f", "/bin/ps", "/usr/bin/ps", "/sbin/ps").status == 0)
        let unknown = try store.berth("top", "box", "nosuch")
        #expect(unknown.status == 125 && unknown.stderr == "Error: 'nosuch': unknown descriptor\n", "\(unknown.status) \(unknown.stderr)")
    }

    @Test("ps(1) options run ps in the container, without ps's own line")
    func psFallback() throws {
        let store = try ContainerTestSupport.store("ct-top-ps")
        let run = try store.berth("run", "-d", "--name", "box", "localhost/busybox", "sh", "-c", "ln -s busybox /bin/ps 2> /dev/null; exec sleep 1003")
        try #require(run.status == 0, "\(run.stderr)")
        var shown = ""
        #expect(ContainerTestSupport.eventually(10) {
            shown = (try? store.berth("top", "box", "-o", "pid,args").stdout) ?? ""
            return shown.contains("sleep 1003")
        }, "\(shown)")
        #expect(shown.hasPrefix("PID") && !shown.contains("-o pid,args"), "\(shown)")
    }

    @Test("-t: the container's terminal is pts/0")
    func terminal() throws {
        let store = try ContainerTestSupport.store("ct-top-tty")
        #expect(try store.berth("run", "-d", "-t", "--name", "box", "localhost/busybox", "sleep", "1004").status == 0)
        let lines = try store.berth("top", "box", "pid", "tty", "args").stdout.split(separator: "\n")
        #expect(lines.count == 2 && Self.cells(lines[1]) == ["1", "pts/0", "sleep", "1004"], "\(lines)")
    }
}
