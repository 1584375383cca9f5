import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine

@Suite("Containers: export", .enabled(if: EngineTestSupport.isRoot && EngineTestSupport.hasBerth && EngineTestSupport.hasBusybox,
                                      "needs root (overlay mounts), the built berth binary and Debian's busybox-static"))
struct ExportTests {
    @Test("export writes the container's file system, with its changes, as a tar to -o or standard output")
    func export() throws {
        let store = TestStore("export")
        let tar = try EngineTestSupport.busyboxTarball(in: store.dir)
        #expect(try store.berth("import", tar, "localhost/busybox:latest").status == 0)
        _ = try store.berth("create", "--name", "e", "localhost/busybox", "true")
        let root = try store.berth("mount", "e").out
        FileManager.default.createFile(atPath: root + "/added", contents: Data("hello\n".utf8))
        _ = try store.berth("unmount", "e")

        let file = store.dir + "/e.tar"
        let r = try store.berth("export", "-o", file, "e")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "")
        let listing = try EngineTestSupport.run("/bin/tar", ["-tf", file]).stdout.split(separator: "\n").map(String.init)
        #expect(listing.contains("bin/busybox"))
        #expect(listing.contains("etc/passwd"))
        #expect(listing.contains("added"))
        #expect(!listing.contains { $0.hasPrefix("./") }, "entries are named as Podman names them")
        #expect(try EngineTestSupport.run("/bin/tar", ["-xOf", file, "added"]).stdout == "hello\n")

        // Standard output redirected to a file, as a user would.
        let redirected = store.dir + "/stdout.tar"
        let command = ([EngineTestSupport.berth!] + store.globalArguments + ["export", "e"]).joined(separator: " ") + " > " + redirected
        #expect(try EngineTestSupport.run("/bin/sh", ["-c", command]).status == 0)
        #expect(try EngineTestSupport.run("/bin/tar", ["-tf", redirected]).stdout.split(separator: "\n").map(String.init) == listing)
        #expect(ContainerTestSupport.mounts(under: store.dir) == [], "export unmounts what it mounted")
    }
}
