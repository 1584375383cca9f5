import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine

@Suite("Containers: commit", .enabled(if: ContainerTestSupport.canRunContainers, ContainerTestSupport.reason))
struct CommitTests {
    init() { signal(SIGPIPE, SIG_IGN) }

    @Test("commit makes an image of the container's changes (additions, deletions) that runs, with --change, -m, -a and -q")
    func commitRuns() throws {
        let store = try ContainerTestSupport.store("commit")
        #expect(try store.berth("run", "--name", "m", "--network", "none", "--env", "FROM_CONTAINER=yes", "localhost/busybox", "sh", "-c",
                                "echo made > /made; rm /bin/wc; mkdir -p /d/e; echo deep > /d/e/f").status == 0)
        let committed = try store.berth("commit", "-c", "CMD [\"cat\", \"/made\"]", "--change", "ENV ADDED=1", "-m", "my message",
                                        "-a", "Me <me@example.com>", "m", "localhost/committed")
        #expect(committed.status == 0, "\(committed.stderr)")
        #expect(committed.stderr.contains("Writing manifest to image destination"))
        let id = committed.stdout.trimmingCharacters(in: .newlines)
        #expect(id.count == 64)

        let run = try store.berth("run", "--rm", "--network", "none", "localhost/committed")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "made\n", "the new CMD runs and sees the committed file")
        let inside = try store.berth("run", "--rm", "--network", "none", "localhost/committed", "sh", "-c",
                                     "cat /d/e/f; test -e /bin/wc || echo wc-gone; echo $FROM_CONTAINER $ADDED")
        #expect(inside.stdout == "deep\nwc-gone\nyes 1\n", "\(inside.stdout) \(inside.stderr)")

        let inspect = try store.berth("image", "inspect", "--format", "{{.Author}}|{{len .RootFS.Layers}}", "localhost/committed").stdout
        #expect(inspect == "Me <me@example.com>|2\n")
        #expect(try store.berth("image", "history", "--format", "{{.Comment}}", "localhost/committed").stdout.hasPrefix("my message\n"))

        let quiet = try store.berth("commit", "-q", "m")
        #expect(quiet.status == 0 && quiet.stderr.isEmpty && quiet.stdout.count == 65, "-q prints only the ID: \(quiet)")
    }

    @Test("commit of a running container, with --pause: what it wrote is in the image, and it runs on afterwards")
    func commitRunning() throws {
        let store = try ContainerTestSupport.store("commit-run")
        _ = try store.berth("run", "-d", "--name", "r", "--network", "none", "localhost/busybox", "sh", "-c", "echo live > /live; sleep 1000")
        #expect(try ContainerTestSupport.eventually { try store.berth("exec", "r", "test", "-e", "/live").status == 0 })
        let committed = try store.berth("commit", "--pause", "-q", "r", "localhost/live")
        #expect(committed.status == 0, "\(committed.stderr)")
        #expect(try store.berth("inspect", "--format", "{{.State.Status}}", "r").stdout == "running\n", "unpaused after the commit")
        #expect(try store.berth("run", "--rm", "--network", "none", "localhost/live", "cat", "/live").stdout == "live\n")
    }

    @Test("secrets and the files berth binds in are not committed")
    func commitLeavesOutSecrets() throws {
        let store = try ContainerTestSupport.store("commit-sec")
        #expect(try store.berth(["secret", "create", "pw", "-"], stdin: Data("hunter2".utf8)).status == 0)
        #expect(try store.berth("run", "--name", "s", "--network", "none", "--secret", "pw", "localhost/busybox", "cat", "/run/secrets/pw").stdout == "hunter2")
        #expect(try store.berth("commit", "-q", "s", "localhost/with-secret").status == 0)
        let listing = try store.berth("run", "--rm", "--network", "none", "localhost/with-secret", "sh", "-c",
                                      "ls /run/secrets 2>&1; cat /run/secrets/pw 2>&1 || echo no-secret")
        #expect(listing.stdout.contains("no-secret"), "\(listing.stdout)")
        #expect(!listing.stdout.contains("hunter2"))
    }

    @Test("commit refuses a missing container, a bad --change and --format docker, and makes no image")
    func commitErrors() throws {
        let store = try ContainerTestSupport.store("commit-err")
        #expect(try store.berth("commit", "nosuch", "localhost/x").status == 125)
        _ = try store.berth("create", "--name", "c", "localhost/busybox", "true")
        #expect(try store.berth("commit", "-c", "BOGUS x", "c", "localhost/x").stderr.contains("unknown instruction"))
        #expect(try store.berth("commit", "--format", "docker", "c", "localhost/x").status == 125)
        #expect(try store.berth("images", "-q").stdout.split(separator: "\n").count == 1, "only the base image")
    }
}
