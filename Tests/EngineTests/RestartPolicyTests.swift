import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine

/// `--restart` as Podman runs it without a daemon: the monitor's exit
/// command starts the container again.
@Suite("Containers: restart policies", .enabled(if: ContainerTestSupport.canRunContainers, ContainerTestSupport.reason))
struct RestartPolicyTests {
    init() { signal(SIGPIPE, SIG_IGN) }

    @Test("on-failure:2 restarts a failing container twice, then leaves it exited")
    func onFailure() throws {
        let store = try ContainerTestSupport.store("restart-fail")
        let run = try store.berth("run", "-d", "--name", "f", "--restart", "on-failure:2", "--network", "none", "localhost/busybox", "sh", "-c", "exit 3")
        #expect(run.status == 0, "\(run.stderr)")
        let settled = try ContainerTestSupport.eventually(60) {
            try store.berth("inspect", "--format", "{{.RestartCount}} {{.State.Status}} {{.State.ExitCode}}", "f").stdout == "2 exited 3\n"
        }
        #expect(settled)
        #expect(try store.berth("ps", "-a", "--filter", "restart-policy=on-failure", "--format", "{{.Names}}").stdout == "f\n")
    }

    @Test("on-failure does not restart a container that exits 0")
    func onFailureSuccess() throws {
        let store = try ContainerTestSupport.store("restart-ok")
        _ = try store.berth("run", "--name", "s", "--restart", "on-failure", "--network", "none", "localhost/busybox", "true")
        #expect(try ContainerTestSupport.eventually { try store.berth("inspect", "--format", "{{.State.Status}}", "s").stdout == "exited\n" })
        #expect(try store.berth("inspect", "--format", "{{.RestartCount}}", "s").stdout == "0\n")
    }

    @Test("always restarts after an exit, but not after stop")
    func always() throws {
        let store = try ContainerTestSupport.store("restart-always")
        _ = try store.berth("run", "-d", "--name", "a", "--restart", "always", "--network", "none", "localhost/busybox", "sh", "-c", "sleep 0.3")
        #expect(try ContainerTestSupport.eventually(60) {
            Int(try store.berth("inspect", "--format", "{{.RestartCount}}", "a").out) ?? 0 >= 2
        })
        #expect(try store.berth("stop", "-t", "0", "a").status == 0)
        // Past the point where a restart would show: its count stays.
        let count = try store.berth("inspect", "--format", "{{.RestartCount}}", "a").out
        let monitorGone = try ContainerTestSupport.eventually { try store.berth("ps", "-q").out.isEmpty }
        #expect(monitorGone)
        usleep(1_000_000)
        #expect(try store.berth("inspect", "--format", "{{.RestartCount}} {{.State.Status}}", "a").stdout == "\(count) exited\n")

        let started = try store.berth("start", "--all", "--filter", "restart-policy=always")
        #expect(started.status == 0, "\(started.stderr)")
        #expect(try store.berth("inspect", "--format", "{{.State.Status}}", "a").stdout != "created\n")
    }

    @Test("--rm with a restart policy is refused in Podman's words")
    func removeConflict() throws {
        let store = try ContainerTestSupport.store("restart-rm")
        let r = try store.berth("run", "--rm", "--restart", "always", "localhost/busybox", "true")
        #expect(r.status == 125)
        #expect(r.stderr == "Error: the --rm option conflicts with --restart, when the restartPolicy is not \"\" and \"no\"\n")
    }
}
