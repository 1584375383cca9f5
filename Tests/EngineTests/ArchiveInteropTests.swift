import Foundation
#if canImport(Glibc)
import Glibc
#endif
import Testing
@testable import Engine
@testable import BerthCLI
@testable import GoTemplate

/// Archives move between berth, podman and skopeo in both directions. The
/// other tools run with their own temporary --root/--runroot, so the host's
/// store is never touched.
@Suite("Engine: docker-archive and oci-archive with podman and skopeo",
       .enabled(if: EngineTestSupport.hasBerth && EngineTestSupport.hasBusybox, "needs the built berth binary and busybox-static"))
struct ArchiveInteropTests {
    static let podman = EngineTestSupport.which("podman")
    static let skopeo = EngineTestSupport.which("skopeo")
    static let canRunPodman = podman != nil && EngineTestSupport.isRoot

    /// Podman refuses a run root longer than 50 characters, so it gets a
    /// short one of its own; and its own libpod tmpdir, since podmans
    /// sharing /run/libpod reset each other's state when tests run in parallel.
    func podmanArgs(_ store: TestStore) -> [String] {
        let run = "/tmp/bp-" + FileSystem.randomHex(4)
        try? FileSystem.makeDirectories(store.dir + "/podman-run")
        symlink(store.dir + "/podman-run", run)
        store.onCleanup { unlink(run) }
        return ["--root", store.dir + "/podman-root", "--runroot", run, "--tmpdir", run + "/libpod",
                "--storage-driver", "vfs", "--events-backend", "none"]
    }

    @Test("berth save → berth load round trip, both formats", arguments: ArchiveFormat.allCases)
    func roundTrip(_ format: ArchiveFormat) throws {
        let source = TestStore("save-src")
        let target = TestStore("save-dst")
        let tarball = try EngineTestSupport.busyboxTarball(in: source.dir)
        let id = try source.berth("import", "--change", "CMD=/bin/sh", tarball, "roundtrip:v2").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let archive = source.dir + "/out.tar"
        #expect(try source.berth("save", "--format", format.rawValue, "-o", archive, "roundtrip:v2").status == 0)
        let loaded = try target.berth("load", "-i", archive)
        #expect(loaded.status == 0, "\(loaded.stderr)")
        #expect(loaded.stdout == "Loaded image: localhost/roundtrip:v2\n")
        #expect(try target.berth("images", "--format", "{{.Id}}").stdout == id + "\n", "same config, same image ID")
        let again = try target.berth("load", "-i", archive)
        #expect(again.status == 0)
        #expect(try target.berth("images", "-q").stdout.split(separator: "\n").count == 1)
    }

    @Test("archives saved by podman load into berth", .enabled(if: canRunPodman, "needs podman and root"), arguments: ArchiveFormat.allCases)
    func fromPodman(_ format: ArchiveFormat) throws {
        let store = TestStore("from-podman")
        let tarball = try EngineTestSupport.busyboxTarball(in: store.dir)
        let p = podmanArgs(store)
        let imported = try EngineTestSupport.run(Self.podman!, p + ["import", tarball, "docker.io/library/busybox:latest"])
        #expect(imported.status == 0, "\(imported.stderr)")
        let archive = store.dir + "/podman.tar"
        let saved = try EngineTestSupport.run(Self.podman!, p + ["save", "--format", format.rawValue, "-o", archive, "busybox"])
        #expect(saved.status == 0, "\(saved.stderr)")
        let podmanID = try EngineTestSupport.run(Self.podman!, p + ["image", "inspect", "--format", "{{.Id}}", "busybox"]).stdout
        let loaded = try store.berth("load", "-i", archive)
        #expect(loaded.status == 0, "\(loaded.stderr)")
        #expect(loaded.stdout == "Loaded image: docker.io/library/busybox:latest\n")
        #expect(try store.berth("image", "inspect", "--format", "{{.Id}}", "busybox").stdout == podmanID)
        let rootfs = try store.open().images.resolve("busybox")
        #expect(rootfs.record.size > 500_000)
    }

    @Test("archives saved by berth load into podman", .enabled(if: canRunPodman, "needs podman and root"), arguments: ArchiveFormat.allCases)
    func toPodman(_ format: ArchiveFormat) throws {
        let store = TestStore("to-podman")
        let tarball = try EngineTestSupport.busyboxTarball(in: store.dir)
        let id = try store.berth("import", tarball, "frombirth").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let archive = store.dir + "/berth.tar"
        #expect(try store.berth("save", "--format", format.rawValue, "-o", archive, "frombirth").status == 0)
        let p = podmanArgs(store)
        let loaded = try EngineTestSupport.run(Self.podman!, p + ["load", "-i", archive])
        #expect(loaded.status == 0, "\(loaded.stderr)")
        #expect(loaded.stdout.contains("localhost/frombirth:latest"))
        #expect(try EngineTestSupport.run(Self.podman!, p + ["image", "inspect", "--format", "{{.Id}}", "localhost/frombirth"]).stdout == id + "\n")
    }

    @Test("skopeo's oci-archive and docker-archive load into berth, and berth's into skopeo",
          .enabled(if: skopeo != nil, "needs skopeo"))
    func skopeoBothWays() throws {
        let store = TestStore("skopeo")
        let tarball = try EngineTestSupport.busyboxTarball(in: store.dir)
        #expect(try store.berth("import", tarball, "sk").status == 0)
        let ours = store.dir + "/ours.tar"
        #expect(try store.berth("save", "-o", ours, "sk").status == 0)
        let theirsOCI = store.dir + "/skopeo-oci.tar"
        let copy1 = try EngineTestSupport.run(Self.skopeo!, ["copy", "--quiet", "docker-archive:" + ours, "oci-archive:" + theirsOCI + ":app:1"])
        #expect(copy1.status == 0, "\(copy1.stderr)")
        let theirsDocker = store.dir + "/skopeo-docker.tar"
        let copy2 = try EngineTestSupport.run(Self.skopeo!, ["copy", "--quiet", "oci-archive:" + theirsOCI, "docker-archive:" + theirsDocker + ":docker.io/me/app:2"])
        #expect(copy2.status == 0, "\(copy2.stderr)")

        let other = TestStore("skopeo-load")
        #expect(try other.berth("load", "-i", theirsOCI).stdout == "Loaded image: localhost/app:1\n")
        #expect(try other.berth("load", "-i", theirsDocker).stdout == "Loaded image: docker.io/me/app:2\n")
        let ociSaved = store.dir + "/ours-oci.tar"
        #expect(try other.berth("save", "--format", "oci-archive", "-o", ociSaved, "docker.io/me/app:2").status == 0)
        let back = try EngineTestSupport.run(Self.skopeo!, ["inspect", "--raw", "oci-archive:" + ociSaved])
        #expect(back.status == 0, "\(back.stderr)")
        #expect(back.stdout.contains("application/vnd.oci.image.manifest.v1+json"))
    }

    @Test("a truncated archive loads nothing", arguments: ArchiveFormat.allCases)
    func truncated(_ format: ArchiveFormat) throws {
        let store = TestStore("trunc-load")
        let tarball = try EngineTestSupport.busyboxTarball(in: store.dir)
        #expect(try store.berth("import", tarball, "whole").status == 0)
        let archive = store.dir + "/whole.tar"
        #expect(try store.berth("save", "--format", format.rawValue, "-o", archive, "whole").status == 0)
        let data = try Data(contentsOf: URL(fileURLWithPath: archive))
        try data.prefix(data.count * 2 / 3).write(to: URL(fileURLWithPath: archive + ".cut"))
        let other = TestStore("trunc-load2")
        let result = try other.berth("load", "-i", archive + ".cut")
        #expect(result.status == 125)
        #expect(try other.berth("images", "-q").stdout == "")
        #expect(try StoreConsistency.problems(try other.open()) == [])
    }

    @Test("a docker-archive with a member path escaping the archive is refused")
    func hostileArchive() throws {
        let store = TestStore("hostile-load")
        let bad = store.dir + "/bad.tar"
        try TestTar.write([.file("manifest.json", #"[{"Config":"../../etc/passwd","RepoTags":["x:1"],"Layers":[]}]"#)], to: bad)
        let result = try store.berth("load", "-i", bad)
        #expect(result.status == 125)
        #expect(try store.berth("images", "-q").stdout == "")
        #expect(FileSystem.list(store.root + "/tmp").isEmpty)
    }
}
