import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine

@Suite("Containers: cp out of a container", .enabled(if: ContainerTestSupport.canRunContainers, ContainerTestSupport.reason))
struct CopyTests {
    init() { signal(SIGPIPE, SIG_IGN) }

    @Test("cp copies a file or a directory out of a stopped or running container, or streams it as tar with -")
    func copyOut() throws {
        let store = try ContainerTestSupport.store("cp")
        _ = try store.berth("create", "--name", "c", "localhost/busybox", "true")
        let out = store.dir + "/out"
        try FileSystem.makeDirectories(out, mode: 0o755)

        let file = try store.berth("cp", "c:/etc/passwd", out + "/passwd.copy")
        #expect(file.status == 0, "\(file.stderr)")
        #expect(try String(contentsOfFile: out + "/passwd.copy", encoding: .utf8).hasPrefix("root:x:0:0:"))
        #expect(try store.berth("cp", "c:/etc", out).status == 0)
        #expect(FileManager.default.fileExists(atPath: out + "/etc/group"))
        #expect(ContainerTestSupport.mounts(under: store.dir) == [], "cp unmounts what it mounted")

        // A running container's files, its own changes included.
        _ = try store.berth("run", "-d", "--name", "r", "--network", "none", "localhost/busybox", "sh", "-c", "echo made > /tmp/made; sleep 1000")
        #expect(try ContainerTestSupport.eventually { try store.berth("exec", "r", "test", "-e", "/tmp/made").status == 0 })
        #expect(try store.berth("cp", "r:/tmp/made", out + "/made").status == 0)
        #expect(try String(contentsOfFile: out + "/made", encoding: .utf8) == "made\n")

        let command = ([EngineTestSupport.berth!] + store.globalArguments + ["cp", "r:/tmp/made", "-"]).joined(separator: " ") + " | /bin/tar -tf -"
        #expect(try EngineTestSupport.run("/bin/sh", ["-c", command]).stdout == "made\n")
    }

    @Test("cp reports missing paths and containers, and refuses what it cannot do, in Podman's words where Podman has them")
    func errors() throws {
        let store = try ContainerTestSupport.store("cp-err")
        _ = try store.berth("create", "--name", "c", "localhost/busybox", "true")
        let missing = try store.berth("cp", "c:/nonexist", store.dir)
        #expect(missing.status == 125)
        #expect(missing.stderr == "Error: \"/nonexist\" could not be found on container c: no such file or directory\n")
        let noContainer = try store.berth("cp", "nosuch:/x", store.dir)
        #expect(noContainer.stderr == "Error: container \"nosuch\" does not exist\n")
        let noHost = try store.berth("cp", "c:/etc/passwd", "/nonexist/dir/x")
        #expect(noHost.stderr == "Error: \"/nonexist/dir/x\" could not be found on the host: no such file or directory\n")
        let into = try store.berth("cp", store.dir, "c:/x")
        #expect(into.status == 125)
        #expect(into.stderr.hasPrefix("Error: copying into a container is not supported yet"))
    }
}
