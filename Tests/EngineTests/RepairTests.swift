import Foundation
import GRDB
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine
@testable import BerthCLI
@testable import GoTemplate

@Suite("Engine: repair of stale mounts and leftovers",
       .enabled(if: EngineTestSupport.hasBerth && EngineTestSupport.hasBusybox && EngineTestSupport.isRoot,
                "needs the built berth binary, busybox-static and root (mounting)"))
struct RepairTests {
    /// A staging directory nobody holds: what a `kill -9` leaves behind.
    func abandonStaging(_ store: TestStore) throws {
        try FileSystem.makeDirectories(store.root + "/tmp/op-killed")
        try Data("partial".utf8).write(to: URL(fileURLWithPath: store.root + "/tmp/op-killed/blob"))
    }

    @Test("a mount recorded by a killed process but gone (or made but never recorded) is reconciled by the next command")
    func staleMounts() throws {
        let store = TestStore("repair", driver: .overlay)
        let tarball = try EngineTestSupport.busyboxTarball(in: store.dir)
        #expect(try store.berth("import", tarball, "base").status == 0)
        let opened = try store.open()
        let a = try opened.containers.create(name: "a", image: "base")
        let b = try opened.containers.create(name: "b", image: "base")

        // a: recorded as mounted, but nothing is mounted (killed between unmount and commit).
        try opened.database.write { db in
            try db.execute(sql: "UPDATE layer SET mountCount = 3 WHERE id = ?", arguments: [a.layerId!])
        }
        // b: mounted, but the record says 0 (killed between mount and commit).
        let bRoot = try opened.containers.mount("b")
        try opened.database.write { db in
            try db.execute(sql: "UPDATE layer SET mountCount = 0 WHERE id = ?", arguments: [b.layerId!])
        }
        #expect(MountTable.isMountPoint(bRoot))
        try abandonStaging(store)

        #expect(try store.berth("mount").stdout == "", "no container is really mounted")
        #expect(!MountTable.isMountPoint(bRoot), "the unrecorded mount was taken down")
        #expect(FileSystem.list(store.root + "/tmp").isEmpty)
        let counts = try store.open().database.read { db in try Int.fetchAll(db, sql: "SELECT mountCount FROM layer") }
        #expect(counts.allSatisfy { $0 == 0 })
        #expect(try store.berth("mount", "a").status == 0)
        #expect(try store.berth("unmount", "a").status == 0)
    }

    @Test("after a reboot (empty run root) mount counts start from zero")
    func reboot() throws {
        let store = TestStore("reboot", driver: .overlay)
        let tarball = try EngineTestSupport.busyboxTarball(in: store.dir)
        #expect(try store.berth("import", tarball, "base").status == 0)
        _ = try store.open().containers.create(name: "c", image: "base")
        let root = try store.berth("mount", "c").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        umount2(root, Int32(MNT_DETACH))
        try FileSystem.removeTree(store.runRoot)
        #expect(try store.berth("mount").stdout == "")
        #expect(FileManager.default.fileExists(atPath: store.runRoot + "/alive"))
    }
}
