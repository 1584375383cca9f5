import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine

/// `berth artifact push|pull` against the loopback registries: what one
/// store pushes another pulls back with the same digest and the same
/// bytes, with every flag a `.artifact` unit's keys become.
@Suite("Engine: artifacts through a registry", .enabled(if: TestRegistry.available, TestRegistry.reason))
struct ArtifactRegistryTests {
    init() { signal(SIGPIPE, SIG_IGN) }

    @Test("add, push, rm, pull, ls, inspect, extract: the same digest and bytes come back")
    func roundTrip() throws {
        let registry = try TestRegistry.acquire()
        defer { registry.release() }
        let store = TestStore("artifact-reg")
        let f = try ArtifactStoreTests.files(in: store.dir)
        let name = "\(registry.plain)/berth-artifact:1"
        let added = try store.berth("artifact", "add", "--type", "application/x-berth-test", name, f.text, f.binary)
        #expect(added.status == 0, "\(added.stderr)")
        let digest = added.stdout.trimmingCharacters(in: .whitespacesAndNewlines)

        let digestFile = store.dir + "/digest"
        let pushed = try store.berth("artifact", "push", "--tls-verify=false", "--digestfile", digestFile, name)
        #expect(pushed.status == 0, "\(pushed.stderr)")
        #expect(try String(contentsOfFile: digestFile, encoding: .utf8) == "sha256:" + digest)
        #expect(pushed.stderr.split(separator: "\n").last == "Storing signatures", "\(pushed.stderr)")
        // skopeo (it inspects no artifact but reads its raw manifest) gets the bytes of that digest.
        let raw = try EngineTestSupport.run(TestRegistry.skopeo!, ["inspect", "--raw", "--tls-verify=false", "docker://" + name])
        #expect(raw.status == 0, "\(raw.stderr)")
        #expect(Digest.of(Data(raw.stdout.utf8)).hex == digest)

        #expect(try store.berth("artifact", "rm", name).status == 0)
        #expect(FileSystem.list(store.root + "/artifacts/blobs/sha256").isEmpty)

        // The flags a .artifact unit's keys become (Retry=, RetryDelay=, TLSVerify=, Quiet=, AuthFile=).
        let pulled = try store.berth("artifact", "pull", "--tls-verify=false", "--retry", "2", "--retry-delay", "1s", "--quiet",
                                     "--authfile", store.dir + "/none.json", name)
        #expect(pulled.status == 0, "\(pulled.stderr)")
        #expect(pulled.stdout.isEmpty && pulled.stderr.isEmpty, "\(pulled.stdout)\(pulled.stderr)")

        let listed = try store.berth("artifact", "ls", "--noheading", "--no-trunc", "--format", "{{.Repository}} {{.Tag}} {{.Digest}}")
        #expect(listed.stdout == "\(registry.plain)/berth-artifact 1 \(digest)\n", "\(listed.stderr)")
        let inspected = try store.open().artifacts.inspect(name)
        #expect(inspected.Digest == "sha256:" + digest)
        #expect(inspected.Manifest.artifactType == "application/x-berth-test")
        #expect(try store.berth("images", "--noheading").stdout.isEmpty)

        let out = store.dir + "/out"
        try FileSystem.makeDirectories(out)
        let extracted = try store.berth("artifact", "extract", name, out)
        #expect(extracted.status == 0, "\(extracted.stderr)")
        #expect(FileManager.default.contents(atPath: out + "/notes.txt") == f.textData)
        #expect(FileManager.default.contents(atPath: out + "/model.bin") == f.binaryData)

        // By digest, into another store: the manifest is checked against it.
        let other = TestStore("artifact-reg-digest")
        let byDigest = try other.berth("artifact", "pull", "-q", "--tls-verify=false", "\(registry.plain)/berth-artifact@sha256:\(digest)")
        #expect(byDigest.status == 0, "\(byDigest.stderr)")
        let row = try other.berth("artifact", "ls", "--noheading", "--format", "{{.Repository}} {{.Tag}}")
        #expect(row.stdout == "\(registry.plain)/berth-artifact <none>\n", "\(row.stderr)")
        let wrong = try other.berth("artifact", "pull", "-q", "--tls-verify=false", "\(registry.plain)/berth-artifact:1@sha256:" + String(repeating: "1", count: 64))
        #expect(wrong.status == 125)
        #expect(wrong.stderr.contains("manifest unknown") || wrong.stderr.contains("does not match"), "\(wrong.stderr)")

        // Pulled again: nothing is downloaded (the blobs are there).
        let before = try registry.berthBlobRequests("berth-artifact")
        let again = try store.berth("artifact", "pull", "--tls-verify=false", name)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.contains("skipped") || again.stderr.contains("Copying blob"), "\(again.stderr)")
        #expect(try registry.berthBlobRequests("berth-artifact") == before)
    }

    @Test("pull over TLS with --cert-dir and --creds; without credentials it fails with 401's words and records nothing")
    func tlsAndCredentials() throws {
        let registry = try TestRegistry.acquire()
        defer { registry.release() }
        let source = TestStore("artifact-reg-tls")
        let f = try ArtifactStoreTests.files(in: source.dir)
        let name = "\(registry.tls)/berth-artifact-tls:1"
        #expect(try source.berth("artifact", "add", name, f.text).status == 0)
        let creds = registry.user + ":" + registry.password
        let pushed = try source.berth("artifact", "push", "-q", "--cert-dir", registry.certDirectory, "--creds", creds, name)
        #expect(pushed.status == 0, "\(pushed.stderr)")

        let store = TestStore("artifact-reg-tls-pull")
        let denied = try store.berth("artifact", "pull", "-q", "--cert-dir", registry.certDirectory, "--authfile", store.dir + "/none.json", name)
        #expect(denied.status == 125)
        #expect(denied.stderr.contains("unauthorized: authentication required"), "\(denied.stderr)")
        #expect(try store.berth("artifact", "ls", "--noheading").stdout.isEmpty)

        let pulled = try store.berth("artifact", "pull", "-q", "--cert-dir", registry.certDirectory, "--creds", creds, name)
        #expect(pulled.status == 0, "\(pulled.stderr)")
        let file = store.dir + "/notes"
        #expect(try store.berth("artifact", "extract", name, file).status == 0)
        #expect(FileManager.default.contents(atPath: file) == f.textData)
    }

    @Test("a tag the registry does not have: manifest unknown, exit 125, nothing recorded")
    func missingTag() throws {
        let registry = try TestRegistry.acquire()
        defer { registry.release() }
        let store = TestStore("artifact-reg-missing")
        let pulled = try store.berth("artifact", "pull", "-q", "--tls-verify=false", "\(registry.plain)/berth-artifact-none:1")
        #expect(pulled.status == 125)
        #expect(pulled.stderr.contains("manifest unknown"), "\(pulled.stderr)")
        #expect(try store.berth("artifact", "ls", "--noheading").stdout.isEmpty)
    }
}
