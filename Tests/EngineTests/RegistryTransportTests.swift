import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine

/// `push` to archives and OCI layouts, `--compression-format`,
/// policy.json and the progress lines, read back by skopeo (the other
/// tool's view) and by berth.
@Suite("Engine: push destinations, compression, policy.json, progress", .enabled(if: TestRegistry.available, TestRegistry.reason))
struct RegistryTransportTests {
    init() { signal(SIGPIPE, SIG_IGN) }

    private func skopeo(_ arguments: String...) throws -> EngineTestSupport.Result {
        try EngineTestSupport.run(TestRegistry.skopeo!, arguments)
    }

    private func imported(_ store: TestStore, _ name: String) throws -> String {
        let tarball = try ContainerTestSupport.tarball(in: store.dir)
        let result = try store.berth("import", "--change", "CMD [\"/bin/sh\"]", tarball, name)
        try #require(result.status == 0, "\(result.stderr)")
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("push --compression-format gzip|zstd: the registry has compressed layers of that type, skopeo copies them and berth pulls back the same image", arguments: ["gzip", "zstd"])
    func compressed(format: String) throws {
        let registry = try TestRegistry.acquire()
        defer { registry.release() }
        let source = TestStore("reg-compress")
        let id = try imported(source, "localhost/compressed:\(format)")
        let destination = "\(registry.plain)/compressed:\(format)"
        let digestFile = source.dir + "/digest"
        let pushed = try source.berth("push", "-q", "--tls-verify=false", "--compression-format", format, "--remove-signatures",
                                      "--digestfile", digestFile, "localhost/compressed:\(format)", destination)
        try #require(pushed.status == 0, "\(pushed.stderr)")
        let raw = try skopeo("inspect", "--raw", "--tls-verify=false", "docker://" + destination)
        #expect(raw.stdout.contains("application/vnd.oci.image.layer.v1.tar+\(format)"), "\(raw.stdout)")
        #expect(try registry.digest("compressed:\(format)") == String(contentsOfFile: digestFile, encoding: .utf8))
        let copied = try skopeo("copy", "--quiet", "--src-tls-verify=false", "docker://" + destination, "oci:" + source.dir + "/copy:x")
        #expect(copied.status == 0, "skopeo verifies every blob's digest: \(copied.stderr)")
        let store = TestStore("reg-compress-pull")
        let pulled = try store.berth("pull", "-q", "--tls-verify=false", destination)
        #expect(pulled.status == 0, "\(pulled.stderr)")
        #expect(pulled.stdout == id + "\n")
    }

    @Test("push --compression-format with an unknown format is refused before anything is sent")
    func unknownCompression() throws {
        let source = TestStore("reg-compress-bad")
        _ = try imported(source, "localhost/bad:1")
        let pushed = try source.berth("push", "--compression-format", "lz4", "localhost/bad:1", "127.0.0.1:1/bad:1")
        #expect(pushed.status == 125)
        #expect(pushed.stderr.contains("unsupported compression format \"lz4\""), "\(pushed.stderr)")
    }

    @Test("pull --decryption-key is refused by name before anything is fetched (berth does not decrypt)")
    func decryptionKeyRefused() throws {
        let store = TestStore("reg-decrypt")
        let pulled = try store.berth("pull", "--decryption-key", store.dir + "/key.pem", "127.0.0.1:1/encrypted:1")
        #expect(pulled.status == 125)
        #expect(pulled.stderr.contains("--decryption-key is not supported yet"), "\(pulled.stderr)")
        #expect(!pulled.stderr.contains("127.0.0.1:1"), "nothing was tried: \(pulled.stderr)")
    }

    @Test("push docker-archive:PATH:NAME and oci-archive:PATH:NAME write archives skopeo reads with that name and berth loads as the same image")
    func archives() throws {
        let source = TestStore("reg-archives")
        let id = try imported(source, "localhost/archived:1")
        let docker = source.dir + "/docker.tar"
        let digestFile = source.dir + "/digest"
        let pushedDocker = try source.berth("push", "--digestfile", digestFile, "localhost/archived:1", "docker-archive:\(docker):localhost/renamed:2")
        #expect(pushedDocker.status == 0, "\(pushedDocker.stderr)")
        #expect(pushedDocker.stderr.split(separator: "\n").first == "Getting image source signatures")
        #expect(pushedDocker.stderr.split(separator: "\n").last == "Storing signatures")
        #expect(try String(contentsOfFile: digestFile, encoding: .utf8).hasPrefix("sha256:"))
        let dockerView = try skopeo("inspect", "--format", "{{.Digest}}", "docker-archive:" + docker)
        #expect(dockerView.status == 0, "\(dockerView.stderr)")
        let manifest = try EngineTestSupport.run("/bin/tar", ["-xOf", docker, "manifest.json"])
        #expect(manifest.stdout.contains("\"RepoTags\":[\"localhost/renamed:2\"]"), "\(manifest.stdout)")

        let oci = source.dir + "/oci.tar"
        let pushedOCI = try source.berth("push", "-q", "localhost/archived:1", "oci-archive:\(oci):v7")
        #expect(pushedOCI.status == 0, "\(pushedOCI.stderr)")
        let ociView = try skopeo("inspect", "--format", "{{.Digest}}", "oci-archive:\(oci):v7")
        #expect(ociView.status == 0, "\(ociView.stderr)")

        let loader = TestStore("reg-archives-load")
        let loaded = try loader.berth("load", "-i", docker)
        #expect(loaded.status == 0, "\(loaded.stderr)")
        #expect(try loader.berth("image", "inspect", "--format", "{{.Id}}", "localhost/renamed:2").out == id)
    }

    @Test("push oci:DIR:NAME writes an OCI layout; a second name keeps the first; skopeo reads both with the digest written to --digestfile")
    func ociLayout() throws {
        let source = TestStore("reg-oci-dir")
        _ = try imported(source, "localhost/layout:1")
        let dir = source.dir + "/layout"
        let digestFile = source.dir + "/digest"
        #expect(try source.berth("push", "-q", "--digestfile", digestFile, "localhost/layout:1", "oci:\(dir):first").status == 0)
        #expect(try source.berth("push", "-q", "localhost/layout:1", "oci:\(dir):second").status == 0)
        let digest = try String(contentsOfFile: digestFile, encoding: .utf8)
        for name in ["first", "second"] {
            let view = try skopeo("inspect", "--format", "{{.Digest}}", "oci:\(dir):\(name)")
            #expect(view.status == 0, "\(view.stderr)")
            #expect(view.out == digest)
        }
        let copied = try skopeo("copy", "--quiet", "oci:\(dir):first", "dir:" + source.dir + "/dir-copy")
        #expect(copied.status == 0, "every blob is there with its digest: \(copied.stderr)")
    }

    @Test("push to a transport berth does not write is refused by name")
    func unsupportedTransport() throws {
        let source = TestStore("reg-transport")
        _ = try imported(source, "localhost/tr:1")
        let pushed = try source.berth("push", "localhost/tr:1", "dir:/tmp/nowhere")
        #expect(pushed.status == 125)
        #expect(pushed.stderr.contains("transport dir is not supported"), "\(pushed.stderr)")
    }

    @Test("policy.json: reject for the registry refuses the pull; a signature requirement is refused with its name; insecureAcceptAnything for the repository allows it")
    func signaturePolicy() throws {
        let registry = try TestRegistry.acquire()
        defer { registry.release() }
        let source = TestStore("reg-policy-src")
        let (archive, id) = try TestRegistry.busyboxArchive(source, name: "localhost/policy:1")
        try registry.push("docker-archive:" + archive, to: "policy:1")
        let store = TestStore("reg-policy")
        let name = "\(registry.plain)/policy:1"
        func pull(_ policy: String) throws -> EngineTestSupport.Result {
            let path = store.dir + "/policy-\(FileSystem.randomHex(3)).json"
            try Data(policy.utf8).write(to: URL(fileURLWithPath: path))
            return try store.berth("pull", "-q", "--tls-verify=false", "--signature-policy", path, name)
        }
        let rejected = try pull(#"{"default": [{"type": "insecureAcceptAnything"}], "transports": {"docker": {"\#(registry.plain)": [{"type": "reject"}]}}}"#)
        #expect(rejected.status == 125)
        #expect(rejected.stderr.contains("Source image rejected: Running image docker://\(name) is rejected by policy."), "\(rejected.stderr)")
        #expect(try store.berth("image", "exists", name).status == 1, "nothing stored")

        let signed = try pull(#"{"default": [{"type": "signedBy", "keyType": "GPGKeys", "keyPath": "/nonexistent.gpg"}]}"#)
        #expect(signed.status == 125)
        #expect(signed.stderr.contains("\"signedBy\"") && signed.stderr.contains("berth does not verify signatures"), "\(signed.stderr)")

        let allowed = try pull(#"{"default": [{"type": "reject"}], "transports": {"docker": {"\#(registry.plain)/policy": [{"type": "insecureAcceptAnything"}]}}}"#)
        #expect(allowed.status == 0, "\(allowed.stderr)")
        #expect(allowed.stdout == id + "\n")

        let missing = try store.berth("pull", "-q", "--tls-verify=false", "--signature-policy", store.dir + "/none.json", name)
        #expect(missing.status == 125)
        #expect(missing.stderr.contains("no policy.json file found at \(store.dir)/none.json"), "\(missing.stderr)")
    }

    @Test("on a terminal, pull shows a line per blob ending in done, then skipped: already exists on a second pull; -q shows nothing",
          .enabled(if: EngineTestSupport.which("script") != nil))
    func terminalProgress() throws {
        let registry = try TestRegistry.acquire()
        defer { registry.release() }
        let source = TestStore("reg-tty-src")
        let (archive, id) = try TestRegistry.busyboxArchive(source, name: "localhost/tty:1")
        try registry.push("docker-archive:" + archive, to: "tty:1")
        let store = TestStore("reg-tty")
        let command = ([EngineTestSupport.berth!] + store.globalArguments + ["pull", "--tls-verify=false", "\(registry.plain)/tty:1"]).joined(separator: " ")
        func onTerminal(_ line: String) throws -> String {
            let log = store.dir + "/tty-\(FileSystem.randomHex(3)).log"
            let result = try EngineTestSupport.run(EngineTestSupport.which("script")!, ["-qec", "stty cols 100 rows 40; " + line, log])
            #expect(result.status == 0, "\(result.stdout)")
            return try String(contentsOfFile: log, encoding: .utf8)
        }
        let cold = try onTerminal(command)
        let layer = try #require(cold.range(of: #"Copying blob [0-9a-f]{12} done"#, options: .regularExpression), "\(cold)")
        #expect(cold.contains("Copying config \(id.prefix(10)) done"), "\(cold)")
        #expect(cold.contains("\u{1B}[") , "redrawn in place")
        #expect(!cold.contains("Copying blob sha256:"), "no plain lines on a terminal")
        let blob = String(cold[layer].dropFirst("Copying blob ".count).prefix(12))
        let warm = try onTerminal(command)
        #expect(warm.contains("Copying blob \(blob) skipped: already exists"), "\(warm)")
        let quiet = try onTerminal(command + " -q")
        #expect(quiet.contains(id) && !quiet.contains("Copying") && !quiet.contains("Trying to pull"), "\(quiet)")
    }
}

/// policy.json's scopes, most specific first, without a registry.
@Suite("Engine: policy.json scopes")
struct SignaturePolicyScopeTests {
    struct Case: Sendable, CustomTestStringConvertible {
        var reference: String
        var rejected: Bool
        var testDescription: String { reference }
    }

    static let policy = #"""
        {"default": [{"type": "reject"}],
         "transports": {"docker": {
            "registry.example.com:5000/team/app:stable": [{"type": "insecureAcceptAnything"}],
            "registry.example.com:5000/team": [{"type": "reject"}],
            "registry.example.com:5000": [{"type": "insecureAcceptAnything"}],
            "*.mirror.example.org": [{"type": "insecureAcceptAnything"}]}}}
        """#

    @Test("the most specific scope decides", arguments: [
        Case(reference: "registry.example.com:5000/team/app:stable", rejected: false),
        Case(reference: "registry.example.com:5000/team/app:latest", rejected: true),
        Case(reference: "registry.example.com:5000/other/app:1", rejected: false),
        Case(reference: "eu.mirror.example.org/x/y:1", rejected: false),
        Case(reference: "docker.io/library/busybox:latest", rejected: true),
    ])
    func scopes(_ item: Case) throws {
        let policy = try SignaturePolicy.parse(Data(Self.policy.utf8), what: "test")
        let reference = try ImageReference.parse(item.reference)
        if item.rejected {
            #expect(throws: EngineError.self) { try policy.check(docker: reference) }
        } else {
            try policy.check(docker: reference)
        }
    }

    @Test("a policy without a default is refused")
    func noDefault() {
        #expect(throws: EngineError.self) { try SignaturePolicy.parse(Data(#"{"transports": {}}"#.utf8), what: "test") }
    }
}
