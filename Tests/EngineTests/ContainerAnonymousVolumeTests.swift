import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine
@testable import BerthCLI
@testable import GoTemplate

/// `-v /data` and `--mount type=volume,dst=/data`: unnamed volumes.
@Suite("Containers: anonymous volumes", .enabled(if: ContainerTestSupport.canRunContainers, ContainerTestSupport.reason))
struct ContainerAnonymousVolumeTests {
    static func volumes(_ store: TestStore) throws -> [String] {
        try store.berth("volume", "ls", "-q").stdout.split(separator: "\n").map(String.init).sorted()
    }

    @Test("-v /data creates a 64-hex volume that keeps data across starts; rm keeps it, rm -v removes it")
    func lifecycle() throws {
        let store = try ContainerTestSupport.store("ct-anon")
        let create = try store.berth("create", "--name", "a", "-v", "/data", "localhost/busybox", "sh", "-c", "echo x >> /data/f; cat /data/f")
        try #require(create.status == 0, "\(create.stderr)")
        let made = try Self.volumes(store)
        #expect(made.count == 1)
        let name = made.first ?? ""
        #expect(name.count == 64 && name.allSatisfy(\.isHexDigit))
        #expect(try store.berth("inspect", "--format", "{{range .Mounts}}{{.Name}} {{.Destination}}{{end}}", "a").out == name + " /data")
        #expect(try store.berth("start", "-a", "a").stdout == "x\n")
        #expect(try store.berth("start", "-a", "a").stdout == "x\nx\n", "the same volume on every start")

        _ = try store.berth("create", "--name", "b", "-v", "/data", "localhost/busybox", "true")
        #expect(try Self.volumes(store).count == 2, "each container gets its own")
        #expect(try store.berth("rm", "b").status == 0)
        #expect(try Self.volumes(store).count == 2, "rm without -v keeps anonymous volumes")
        #expect(try store.berth("rm", "-v", "a").status == 0)
        #expect(try !Self.volumes(store).contains(name), "rm -v removes them")
    }

    @Test("--rm removes the anonymous volumes with the container; named volumes stay")
    func autoRemove() throws {
        let store = try ContainerTestSupport.store("ct-anon-rm")
        let run = try store.berth("run", "--rm", "-v", "/a", "--mount", "type=volume,dst=/b", "-v", "named:/c",
                                  "localhost/busybox", "sh", "-c", "touch /a/x /b/y /c/z && echo ok")
        #expect(run.status == 0 && run.out == "ok", "\(run.stderr)")
        #expect(try Self.volumes(store) == ["named"])
        let detached = try store.berth("run", "-d", "--rm", "-v", "/a", "localhost/busybox", "true")
        #expect(detached.status == 0)
        #expect(try ContainerTestSupport.eventually { try Self.volumes(store) == ["named"] })
    }

    /// localhost/seeded: busybox with /data/seed and /cache/c, both declared VOLUMEs.
    static func seededImage(_ store: TestStore) throws {
        let root = store.dir + "/seeded"
        for sub in ["bin", "etc", "tmp", "data", "cache"] { try FileSystem.makeDirectories(root + "/" + sub, mode: 0o755) }
        _ = try EngineTestSupport.run("/bin/cp", [EngineTestSupport.busybox, root + "/bin/busybox"])
        for applet in ContainerTestSupport.applets { symlink("busybox", root + "/bin/" + applet) }
        try Data("seeded\n".utf8).write(to: URL(fileURLWithPath: root + "/data/seed"))
        try Data("c\n".utf8).write(to: URL(fileURLWithPath: root + "/cache/c"))
        let tarball = store.dir + "/seeded.tar"
        #expect(try EngineTestSupport.run("/bin/tar", ["--numeric-owner", "-cf", tarball, "-C", root, "."]).status == 0)
        let imported = try store.berth("import", "--change", "VOLUME=/data", "--change", "VOLUME=/cache", tarball, "localhost/seeded:latest")
        try #require(imported.status == 0, "\(imported.stderr)")
    }

    @Test("image VOLUMEs become anonymous volumes seeded from the image (copy-up); --image-volume tmpfs/ignore; named volumes are seeded once, nocopy skips it")
    func imageVolumes() throws {
        let store = try ContainerTestSupport.store("ct-imgvol")
        try Self.seededImage(store)
        let run = try store.berth("run", "--name", "iv", "localhost/seeded", "sh", "-c", "cat /data/seed /cache/c; echo more >> /data/seed")
        #expect(run.status == 0 && run.stdout == "seeded\nc\n", "\(run.stderr)")
        #expect(try Self.volumes(store).count == 2)
        #expect(try store.berth("start", "-a", "iv").stdout == "seeded\nmore\nc\n", "the volume keeps its data; no second copy-up")
        #expect(try store.berth("rm", "-v", "iv").status == 0)
        #expect(try Self.volumes(store) == [])

        let mounted = try store.berth("run", "--rm", "--image-volume", "tmpfs", "localhost/seeded", "sh", "-c", "ls /data; grep -c ' /data tmpfs' /proc/mounts")
        #expect(mounted.out == "1", "an empty tmpfs: \(mounted.stdout)")
        let ignored = try store.berth("run", "--rm", "--image-volume", "ignore", "localhost/seeded", "cat", "/data/seed")
        #expect(ignored.out == "seeded")
        #expect(try Self.volumes(store) == [])

        let named = try store.berth("run", "--rm", "-v", "keep:/data", "localhost/seeded", "sh", "-c", "cat /data/seed; rm /data/seed; echo mine > /data/own")
        #expect(named.out == "seeded")
        let again = try store.berth("run", "--rm", "-v", "keep:/data", "localhost/seeded", "ls", "/data")
        #expect(again.out == "own", "copied up only on first use")
        let nocopy = try store.berth("run", "--rm", "-v", "bare:/data:nocopy", "localhost/seeded", "ls", "/data")
        #expect(nocopy.status == 0 && nocopy.out == "")
    }
}
