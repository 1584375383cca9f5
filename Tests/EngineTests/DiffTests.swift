import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine

@Suite("Containers: diff", .enabled(if: EngineTestSupport.isRoot && EngineTestSupport.hasBerth && EngineTestSupport.hasBusybox,
                                    "needs root (overlay mounts), the built berth binary and Debian's busybox-static"))
struct DiffTests {
    @Test("diff lists added, changed and deleted paths as Podman does, and its JSON")
    func diff() throws {
        let store = TestStore("diff", driver: .overlay)
        let tar = try EngineTestSupport.busyboxTarball(in: store.dir)
        #expect(try store.berth("import", tar, "localhost/busybox:latest").status == 0)
        _ = try store.berth("create", "--name", "d", "localhost/busybox", "true")
        #expect(try store.berth("diff", "d").stdout == "", "a new container changed nothing")
        #expect(try store.berth("diff", "--format", "json", "d").stdout == "{}\n")

        let root = try store.berth("mount", "d").out
        defer { _ = try? store.berth("unmount", "d") }
        FileManager.default.createFile(atPath: root + "/newfile", contents: Data())
        try FileSystem.makeDirectories(root + "/tmp/sub", mode: 0o755)
        FileManager.default.createFile(atPath: root + "/tmp/sub/f", contents: Data("x\n".utf8))
        let passwd = try FileHandle(forWritingTo: URL(fileURLWithPath: root + "/etc/passwd"))
        passwd.seekToEndOfFile()
        passwd.write(Data("y\n".utf8))
        try passwd.close()
        #expect(unlink(root + "/bin/true") == 0)

        let r = try store.berth("diff", "d")
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout == "C /bin\nD /bin/true\nC /etc/passwd\nA /newfile\nC /tmp\nA /tmp/sub\nA /tmp/sub/f\n")
        let json = try store.berth("diff", "--format", "json", "d")
        #expect(json.stdout == """
            {
                 "changed": [
                      "/bin",
                      "/etc/passwd",
                      "/tmp"
                 ],
                 "added": [
                      "/newfile",
                      "/tmp/sub",
                      "/tmp/sub/f"
                 ],
                 "deleted": [
                      "/bin/true"
                 ]
            }

            """)
    }
}
