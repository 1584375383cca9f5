import Foundation
import Testing
@testable import Engine

@Suite("Containers: rename", .enabled(if: EngineTestSupport.hasBerth && EngineTestSupport.hasBusybox, "needs the built berth binary and Debian's busybox-static"))
struct RenameTests {
    @Test("rename gives a container a new name; taken and invalid names are refused in Podman's words")
    func rename() throws {
        let store = TestStore("rename")
        let tar = try EngineTestSupport.busyboxTarball(in: store.dir)
        #expect(try store.berth("import", tar, "localhost/busybox:latest").status == 0)
        let a = try store.berth("create", "--name", "a", "localhost/busybox", "true").out
        _ = try store.berth("create", "--name", "b", "localhost/busybox", "true")

        let renamed = try store.berth("rename", "a", "c")
        #expect(renamed.status == 0)
        #expect(renamed.stdout == "")
        #expect(try store.berth("ps", "-a", "--format", "{{.Names}}").stdout.split(separator: "\n").sorted() == ["b", "c"])
        #expect(try store.berth("inspect", "--format", "{{.Name}}", a).stdout == "c\n")

        let taken = try store.berth("rename", "c", "b")
        #expect(taken.status == 125)
        #expect(taken.stderr == "Error: renaming container \(a): name b already in use, cannot rename container \(a): container already exists\n")
        let invalid = try store.berth("rename", "c", "bad name")
        #expect(invalid.status == 125)
        #expect(invalid.stderr == "Error: names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument\n")
        let count = try store.berth("rename", "c")
        #expect(count.stderr == "Error: accepts 2 arg(s), received 1\n")
    }
}
