import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine
@testable import BerthCLI
@testable import GoTemplate

/// `logs -f` on a k8s-file log (woken by inotify, not a poll loop).
@Suite("Containers: logs -f", .enabled(if: ContainerTestSupport.canRunContainers, ContainerTestSupport.reason))
struct ContainerLogsFollowTests {
    @Test("logs -f prints output written after it started and returns when the container exits")
    func follow() throws {
        let store = try ContainerTestSupport.store("ct-logs-f")
        let run = try store.berth("run", "-d", "--name", "talker", "--log-driver", "k8s-file", "localhost/busybox", "sh", "-c",
                                  "echo early; sleep 1; echo late; sleep 1; echo >&2 last; exit 3")
        try #require(run.status == 0, "\(run.stderr)")
        let followed = try store.berth("logs", "-f", "talker")
        #expect(followed.status == 0)
        #expect(followed.stdout == "early\nlate\n")
        #expect(followed.stderr == "last\n")
        #expect(try store.berth("inspect", "--format", "{{.State.ExitCode}}", "talker").out == "3")
        // Following a container that already exited prints everything and returns.
        let again = try store.berth("logs", "-f", "--tail", "1", "talker")
        #expect(again.status == 0 && again.stderr == "last\n" && again.stdout == "")
    }
}
