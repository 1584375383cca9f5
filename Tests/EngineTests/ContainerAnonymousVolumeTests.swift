import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine

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
}
