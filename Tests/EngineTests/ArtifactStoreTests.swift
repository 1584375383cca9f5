import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine

/// `berth artifact add|ls|inspect|extract|rm` on a local store: files in,
/// the same bytes out, names checked before anything is written.
@Suite("Engine: the artifact store", .enabled(if: EngineTestSupport.hasBerth, "needs the built berth"))
struct ArtifactStoreTests {
    /// Two files (text and binary) in `dir`.
    static func files(in dir: String) throws -> (text: String, binary: String, textData: Data, binaryData: Data) {
        let text = dir + "/notes.txt"
        let binary = dir + "/model.bin"
        let textData = Data("hello artifact\n".utf8)
        var bytes = [UInt8](repeating: 0, count: 200_000)
        for i in bytes.indices { bytes[i] = UInt8(truncatingIfNeeded: i &* 7 &+ i >> 9) }
        let binaryData = Data(bytes)
        try textData.write(to: URL(fileURLWithPath: text))
        try binaryData.write(to: URL(fileURLWithPath: binary))
        return (text, binary, textData, binaryData)
    }

    @Test("add makes an artifact ls, inspect and extract show; images does not list it; rm leaves no blob")
    func addListInspectExtractRemove() throws {
        let store = TestStore("artifact-local")
        let f = try Self.files(in: store.dir)
        let added = try store.berth("artifact", "add", "--type", "application/x-berth-test", "--annotation", "purpose=test",
                                    "localhost/berth/files:1", f.text, f.binary)
        #expect(added.status == 0, "\(added.stderr)")
        let digest = added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(digest.count == 64)

        let listed = try store.berth("artifact", "ls")
        #expect(listed.status == 0, "\(listed.stderr)")
        let lines = listed.stdout.split(separator: "\n")
        #expect(lines.first?.hasPrefix("REPOSITORY") == true)
        #expect(lines.count == 2)
        #expect(lines.last?.hasPrefix("localhost/berth/files") == true)
        #expect(lines.last?.contains(" 1 ") == true || lines.last?.contains("1  ") == true)
        #expect(lines.last?.contains(String(digest.prefix(12))) == true && lines.last?.contains(digest) == false)
        let full = try store.berth("artifact", "ls", "--noheading", "--no-trunc", "--format", "{{.Repository}}:{{.Tag}} {{.Digest}} {{.VirtualSize}}")
        #expect(full.stdout == "localhost/berth/files:1 \(digest) \(f.textData.count + f.binaryData.count)\n", "\(full.stderr)")

        let inspected = try store.berth("artifact", "inspect", "localhost/berth/files:1")
        #expect(inspected.status == 0, "\(inspected.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(inspected.stdout.utf8)) as? [String: Any])
        #expect(json["Name"] as? String == "localhost/berth/files:1")
        #expect(json["Digest"] as? String == "sha256:" + digest)
        let manifest = try #require(json["Manifest"] as? [String: Any])
        #expect(manifest["artifactType"] as? String == "application/x-berth-test")
        let layers = try #require(manifest["layers"] as? [[String: Any]])
        let annotations = layers.compactMap { $0["annotations"] as? [String: String] }
        #expect(annotations.map { $0["org.opencontainers.image.title"] } == ["notes.txt", "model.bin"])
        #expect(annotations.allSatisfy { $0["purpose"] == "test" })
        #expect(layers.map { $0["mediaType"] as? String } == ["text/plain; charset=utf-8", "application/octet-stream"])

        let images = try store.berth("images", "--noheading")
        #expect(images.status == 0 && images.stdout.isEmpty, "\(images.stdout)\(images.stderr)")

        let out = store.dir + "/out"
        try FileSystem.makeDirectories(out)
        let extracted = try store.berth("artifact", "extract", "localhost/berth/files:1", out)
        #expect(extracted.status == 0, "\(extracted.stderr)")
        #expect(FileManager.default.contents(atPath: out + "/notes.txt") == f.textData)
        #expect(FileManager.default.contents(atPath: out + "/model.bin") == f.binaryData)
        let single = try store.berth("artifact", "extract", "--title", "model.bin", "localhost/berth/files:1", store.dir + "/one")
        #expect(single.status == 0, "\(single.stderr)")
        #expect(FileManager.default.contents(atPath: store.dir + "/one") == f.binaryData)
        let ambiguous = try store.berth("artifact", "extract", "localhost/berth/files:1", store.dir + "/two")
        #expect(ambiguous.status == 125)
        #expect(ambiguous.stderr.contains("--title"), "\(ambiguous.stderr)")

        let templated = try store.berth("artifact", "inspect", "--format",
                                        "{{len .Manifest.Layers}} {{.Manifest.ArtifactType}} {{index .Manifest.Annotations \"org.opencontainers.image.created\"}}",
                                        "localhost/berth/files:1")
        #expect(templated.status == 0, "\(templated.stderr)")
        let words = templated.stdout.split(separator: " ")
        #expect(words.count == 3 && words[0] == "2" && words[1] == "application/x-berth-test", "\(templated.stdout)")
        #expect(words.count == 3 && Timestamp.parse(words[2].trimmingCharacters(in: .whitespacesAndNewlines)) != nil, "\(templated.stdout)")

        let removed = try store.berth("artifact", "rm", "localhost/berth/files:1")
        #expect(removed.status == 0, "\(removed.stderr)")
        #expect(removed.stdout == "Deleted: " + digest + "\n")
        let ignored = try store.berth("artifact", "rm", "--ignore", "localhost/berth/files:1")
        #expect(ignored.status == 0 && ignored.stdout.isEmpty, "\(ignored.stderr)")
        #expect(try store.berth("artifact", "ls", "--noheading").stdout.isEmpty)
        #expect(FileSystem.list(store.root + "/artifacts/blobs/sha256").isEmpty)
        let gone = try store.berth("artifact", "inspect", "localhost/berth/files:1")
        #expect(gone.status == 125)
        #expect(gone.stderr.contains("artifact does not exist"), "\(gone.stderr)")
    }

    @Test("--append adds a file; adding the same name again without it, or the same title, is refused")
    func appendAndConflicts() throws {
        let store = TestStore("artifact-append")
        let f = try Self.files(in: store.dir)
        #expect(try store.berth("artifact", "add", "localhost/app:1", f.text).status == 0)
        let again = try store.berth("artifact", "add", "localhost/app:1", f.binary)
        #expect(again.status == 125)
        #expect(again.stderr.contains("artifact already exists"), "\(again.stderr)")
        let appended = try store.berth("artifact", "add", "--append", "--file-type", "application/x-model", "localhost/app:1", f.binary)
        #expect(appended.status == 0, "\(appended.stderr)")
        let inspected = try store.open().artifacts.inspect("localhost/app:1")
        #expect(inspected.Manifest.layers.map(\.mediaType) == ["text/plain; charset=utf-8", "application/x-model"])
        let created = try store.berth("artifact", "inspect", "--format", "{{index .Manifest.Annotations \"org.opencontainers.image.created\"}}", "localhost/app:1")
        #expect(created.status == 0 && !created.stdout.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty, "\(created.stderr)")
        let duplicate = try store.berth("artifact", "add", "--append", "localhost/app:1", f.text)
        #expect(duplicate.status == 125)
        #expect(duplicate.stderr.contains("already exists in the artifact"), "\(duplicate.stderr)")
        let both = try store.berth("artifact", "add", "--append", "--replace", "localhost/app:1", f.text)
        #expect(both.status == 125)
        #expect(both.stderr.contains("--append and --replace options cannot be used together"), "\(both.stderr)")
        let typed = try store.berth("artifact", "add", "--append", "--type", "x/y", "localhost/app:1", f.text)
        #expect(typed.status == 125)
        #expect(typed.stderr.contains("--append option cannot be used with the --type option"), "\(typed.stderr)")
        let replaced = try store.berth("artifact", "add", "--replace", "localhost/app:1", f.text)
        #expect(replaced.status == 0, "\(replaced.stderr)")
        #expect(try store.open().artifacts.inspect("localhost/app:1").Manifest.layers.count == 1)
        // A short name finds it, and rm --all takes everything.
        let short = try store.berth("artifact", "inspect", "app:1")
        #expect(short.status == 0 && short.stdout.contains("\"localhost/app:1\""), "\(short.stderr)")
        let all = try store.berth("artifact", "rm", "--all")
        #expect(all.status == 0 && all.stdout.split(separator: "\n").count == 1, "\(all.stderr)")
    }

    @Test("bad names, a digest as name and missing files are refused before anything is written")
    func badInputWritesNothing() throws {
        let store = TestStore("artifact-bad")
        let f = try Self.files(in: store.dir)
        for name in ["localhost/a..b:1", "localhost/UPPER:1", "localhost/x:bad tag", "localhost/x@sha256:" + String(repeating: "0", count: 64), ""] {
            let added = try store.berth("artifact", "add", name, f.text)
            #expect(added.status == 125, "\(name): \(added.stdout)\(added.stderr)")
            #expect(!added.stderr.isEmpty)
        }
        let missing = try store.berth("artifact", "add", "localhost/ok:1", f.text, store.dir + "/nope")
        #expect(missing.status == 125)
        #expect(missing.stderr.contains("nope"), "\(missing.stderr)")
        let directory = try store.berth("artifact", "add", "localhost/ok:1", store.dir)
        #expect(directory.status == 125)
        let title = try store.berth("artifact", "add", "--annotation", "org.opencontainers.image.title=x", "localhost/ok:1", f.text)
        #expect(title.status == 125)
        #expect(try store.berth("artifact", "ls", "--noheading").stdout.isEmpty)
        #expect(FileSystem.list(store.root + "/artifacts/blobs/sha256").isEmpty)
        #expect(try store.berth("artifact", "add", "localhost/ok:1", f.text).status == 0)
        let push = try store.berth("artifact", "push", "--tls-verify=false", "localhost/ok:1", "127.0.0.1:9/bad..dest:1")
        #expect(push.status == 125)
        #expect(push.stderr.contains("invalid reference format"), "\(push.stderr)")
        #expect(try store.berth("artifact", "rm", "localhost/ok:1").status == 0)
        let pull = try store.berth("artifact", "pull", "--tls-verify=false", "127.0.0.1:9/Bad..Name")
        #expect(pull.status == 125)
        #expect(pull.stderr.contains("invalid reference format"), "\(pull.stderr)")
    }

    @Test("blobs no artifact names (a process killed between moving them in and recording) go with the next change")
    func orphanBlobsSwept() throws {
        let store = TestStore("artifact-orphan")
        let f = try Self.files(in: store.dir)
        #expect(try store.berth("artifact", "add", "localhost/keep:1", f.text).status == 0)
        let orphan = store.root + "/artifacts/blobs/sha256/" + String(repeating: "ab", count: 32)
        try Data("left behind".utf8).write(to: URL(fileURLWithPath: orphan))
        #expect(try store.berth("artifact", "add", "localhost/other:1", f.binary).status == 0)
        #expect(!FileSystem.exists(orphan))
        // The kept artifact's blobs stay and still extract.
        let out = store.dir + "/kept"
        #expect(try store.berth("artifact", "extract", "localhost/keep:1", out).status == 0)
        #expect(FileManager.default.contents(atPath: out) == f.textData)
        #expect(FileSystem.list(store.root + "/artifacts/blobs/sha256").count == 3, "the two files and the empty config both share")
    }

    @Test("extract refuses a title that is not a plain file name instead of writing outside the target")
    func hostileTitle() throws {
        let test = TestStore("artifact-title")
        let store = try test.open()
        let staging = try store.beginStaging()
        defer { staging.finish() }
        let payload = Data("escaped\n".utf8)
        let blob = staging.newPath("blob")
        try payload.write(to: URL(fileURLWithPath: blob))
        let layer = Descriptor(mediaType: "text/plain", digest: Digest.of(payload), size: Int64(payload.count),
                               annotations: [ArtifactManifest.titleAnnotation: "../escaped"])
        let config = staging.newPath("config")
        try ArtifactManifest.emptyConfigData.write(to: URL(fileURLWithPath: config))
        let manifest = ArtifactManifest(artifactType: nil, layers: [layer])
        let data = try JSONCoding.encoder(pretty: false).encode(manifest)
        _ = try store.artifacts.commit(name: "localhost/hostile:1", manifestData: data,
                                       staged: [layer.digest: blob, manifest.config.digest: config])
        let out = test.dir + "/out"
        try FileSystem.makeDirectories(out)
        let extracted = try test.berth("artifact", "extract", "localhost/hostile:1", out)
        #expect(extracted.status == 125)
        #expect(extracted.stderr.contains("not a plain file name"), "\(extracted.stderr)")
        #expect(!FileSystem.exists(test.dir + "/escaped"))
        #expect(FileSystem.list(out).isEmpty)
    }
}
