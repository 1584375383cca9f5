import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine

/// `--mount type=artifact` (what Quadlet's `Mount=type=artifact,source=x.artifact`
/// becomes): the artifact's files read-only in the container.
@Suite("Engine: artifact mounts", .enabled(if: ContainerTestSupport.canRunContainers, ContainerTestSupport.reason))
struct ArtifactMountTests {
    @Test("one blob as the file at dst; several by title in dst; a missing artifact fails the create")
    func mountArtifact() throws {
        let store = try ContainerTestSupport.store("artifact-mount")
        let f = try ArtifactStoreTests.files(in: store.dir)
        #expect(try store.berth("artifact", "add", "localhost/one:1", f.text).status == 0)
        #expect(try store.berth("artifact", "add", "localhost/two:1", f.text, f.binary).status == 0)

        let single = try store.berth("run", "--rm", "--network", "none", "--user", "65534",
                                     "--mount", "type=artifact,src=localhost/one:1,dst=/config.txt", "localhost/busybox", "cat", "/config.txt")
        #expect(single.status == 0, "\(single.stderr)")
        #expect(single.stdout == String(decoding: f.textData, as: UTF8.self))

        let several = try store.berth("run", "--rm", "--network", "none",
                                      "--mount", "type=artifact,source=localhost/two:1,destination=/data", "localhost/busybox",
                                      "sh", "-c", "ls /data; wc -c < /data/model.bin; echo x > /data/notes.txt || echo read-only")
        #expect(several.status == 0, "\(several.stderr)")
        #expect(several.stdout == "model.bin\nnotes.txt\n\(f.binaryData.count)\nread-only\n", "\(several.stdout)")

        let titled = try store.berth("run", "--rm", "--network", "none",
                                     "--mount", "type=artifact,src=localhost/two:1,dst=/m,title=model.bin", "localhost/busybox", "wc", "-c", "/m")
        #expect(titled.status == 0 && titled.stdout.hasPrefix("\(f.binaryData.count) "), "\(titled.stdout)\(titled.stderr)")

        // A container keeps the files it mounts after the artifact is removed.
        #expect(try store.berth("create", "--name", "keeps", "--network", "none", "--mount", "type=artifact,src=localhost/one:1,dst=/c.txt",
                                "localhost/busybox", "cat", "/c.txt").status == 0)
        #expect(try store.berth("artifact", "rm", "--all").status == 0)
        let kept = try store.berth("start", "-a", "keeps")
        #expect(kept.status == 0, "\(kept.stderr)")
        #expect(kept.stdout == String(decoding: f.textData, as: UTF8.self))
        #expect(try store.berth("rm", "keeps").status == 0)
        #expect(try store.berth("artifact", "add", "localhost/other:1", f.binary).status == 0)
        #expect(!FileSystem.exists(store.root + "/artifacts/blobs/sha256/" + Digest.of(f.textData).hex), "swept once no container uses it")

        let missing = try store.berth("create", "--name", "nope", "--mount", "type=artifact,src=localhost/none:1,dst=/x", "localhost/busybox", "true")
        #expect(missing.status == 125)
        #expect(missing.stderr.contains("not found"), "\(missing.stderr)")
        #expect(try store.berth("container", "exists", "nope").status == 1)
    }
}
