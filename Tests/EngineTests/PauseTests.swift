import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine

@Suite("Containers: pause and unpause", .enabled(if: ContainerTestSupport.canRunContainers, ContainerTestSupport.reason))
struct PauseTests {
    init() { signal(SIGPIPE, SIG_IGN) }

    @Test("pause freezes a running container (Paused in ps and inspect, no exec), unpause resumes it")
    func pauseUnpause() throws {
        let store = try ContainerTestSupport.store("pause")
        let id = try store.berth("run", "-d", "--name", "p", "--network", "none", "localhost/busybox", "sleep", "1000").out
        #expect(try store.berth("pause", "p").stdout == "p\n")
        #expect(try store.berth("ps", "-a", "--format", "{{.Names}} {{.Status}}").stdout == "p Paused\n")
        #expect(try store.berth("inspect", "--format", "{{.State.Status}} {{.State.Running}} {{.State.Paused}}", "p").stdout == "paused false true\n")
        #expect(try store.berth("info", "--format", "{{.Store.ContainerStore.Running}}").stdout == "1\n")

        let exec = try store.berth("exec", "p", "true")
        #expect(exec.status == 125)
        #expect(exec.stderr == "Error: can only create exec sessions on running containers: container state improper\n")
        let again = try store.berth("pause", "p")
        #expect(again.status == 125)
        #expect(again.stderr == "Error: \"paused\" is not running, can't pause: container state improper\n")

        #expect(try store.berth("unpause", "p").stdout == "p\n")
        #expect(try store.berth("inspect", "--format", "{{.State.Status}} {{.State.Paused}}", "p").stdout == "running false\n")
        #expect(try store.berth("exec", "p", "true").status == 0)
        let notPaused = try store.berth("unpause", "p")
        #expect(notPaused.status == 125)
        #expect(notPaused.stderr == "Error: \"\(id)\" is not paused, can't unpause: container state improper\n")
    }

    @Test("a paused container stops: the stop signal reaches it once thawed")
    func stopPaused() throws {
        let store = try ContainerTestSupport.store("pause-stop")
        _ = try store.berth("run", "-d", "--name", "p", "--network", "none", "localhost/busybox", "sleep", "1000")
        #expect(try store.berth("pause", "p").status == 0)
        let stop = try store.berth("stop", "-t", "2", "p")
        #expect(stop.status == 0, "\(stop.stderr)")
        #expect(try store.berth("inspect", "--format", "{{.State.Status}}", "p").stdout == "exited\n")
    }

    @Test("pause needs a name or --all, not both")
    func arguments() throws {
        let store = TestStore("pause-args")
        let none = try store.berth("pause")
        #expect(none.status == 125)
        #expect(none.stderr == "Error: you must provide at least one name or id\n")
        let both = try store.berth("unpause", "--all", "x")
        #expect(both.status == 125)
        #expect(both.stderr == "Error: no arguments are needed with --all\n")
    }
}
