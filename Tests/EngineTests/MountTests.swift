import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine
@testable import BerthCLI
@testable import GoTemplate

@Suite("Engine: container root filesystems, berth mount/unmount",
       .enabled(if: EngineTestSupport.hasBerth && EngineTestSupport.hasBusybox && EngineTestSupport.isRoot,
                "needs the built berth binary, busybox-static and root (mounting)"))
struct MountTests {
    @Test("mount shows the image's files through a writable root; unmount and removal reclaim it",
          arguments: [StorageDriver.overlay, StorageDriver.vfs])
    func mountUnmount(_ driver: StorageDriver) throws {
        let store = TestStore("mount-" + driver.rawValue, driver: driver)
        let tarball = try EngineTestSupport.busyboxTarball(in: store.dir, extra: ["etc/motd": "hello\n"])
        #expect(try store.berth("import", tarball, "base").status == 0)
        let container = try store.open().containers.create(name: "web", image: "base")

        let mounted = try store.berth("mount", "web")
        #expect(mounted.status == 0, "\(mounted.stderr)")
        let root = mounted.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(try String(contentsOfFile: root + "/etc/motd", encoding: .utf8) == "hello\n")
        #expect(FileManager.default.isExecutableFile(atPath: root + "/bin/busybox"))
        try Data("changed\n".utf8).write(to: URL(fileURLWithPath: root + "/etc/motd"))
        #expect(try store.berth("mount").stdout.contains(String(container.id.prefix(12))))

        if driver == .overlay {
            #expect(MountTable.isMountPoint(root))
            let image = try store.open().images.resolve("base")
            let lower = try store.open().layers.diffPath(image.record.topLayer!)
            #expect(try String(contentsOfFile: lower + "/etc/motd", encoding: .utf8) == "hello\n", "image layer untouched")
        }
        let unmounted = try store.berth("unmount", "web")
        #expect(unmounted.stdout == container.id + "\n")
        #expect(!MountTable.isMountPoint(root))
        #expect(try store.berth("mount").stdout == "")

        try store.open().containers.remove("web")
        let layerDirs = FileSystem.list(store.root + "/" + driver.rawValue)
        #expect(layerDirs.count == 1, "only the image layer is left: \(layerDirs)")
        #expect(try store.berth("rmi", "base").status == 0)
        #expect(FileSystem.list(store.root + "/" + driver.rawValue).isEmpty)
    }

    @Test("overlay images with several layers stack with whiteouts applied")
    func layeredWhiteouts() throws {
        let store = TestStore("layers", driver: .overlay)
        let first = store.dir + "/l1.tar", second = store.dir + "/l2.tar"
        try TestTar.write([.dir("etc"), .file("etc/a", "1"), .file("etc/b", "2"), .dir("d"), .file("d/x", "3")], to: first)
        try TestTar.write([.file("etc/.wh.a", ""), .file("d/.wh..wh..opq", ""), .file("d/y", "4")], to: second)
        let diff1 = try digest(first), diff2 = try digest(second)
        let config = #"{"architecture":"amd64","os":"linux","rootfs":{"type":"layers","diff_ids":["\#(diff1)","\#(diff2)"]}}"#
        let archive = store.dir + "/img.tar"
        _ = try EngineTestSupport.run("/bin/sh", ["-c", "cd \(store.dir) && printf '%s' '\(config)' > c.json && printf '%s' '[{\"Config\":\"c.json\",\"RepoTags\":[\"layered:1\"],\"Layers\":[\"l1.tar\",\"l2.tar\"]}]' > manifest.json && tar -cf img.tar manifest.json c.json l1.tar l2.tar"])
        let loaded = try store.berth("load", "-i", archive)
        #expect(loaded.status == 0, "\(loaded.stderr)")
        _ = try store.open().containers.create(name: "c", image: "layered:1")
        let root = try store.open().containers.mount("c")
        defer { _ = try? store.open().containers.unmount("c", force: true) }
        #expect(!FileManager.default.fileExists(atPath: root + "/etc/a"))
        #expect(FileManager.default.fileExists(atPath: root + "/etc/b"))
        #expect(!FileManager.default.fileExists(atPath: root + "/d/x"))
        #expect(FileManager.default.fileExists(atPath: root + "/d/y"))
    }

    private func digest(_ path: String) throws -> String {
        Digest.of(try Data(contentsOf: URL(fileURLWithPath: path))).description
    }
}
