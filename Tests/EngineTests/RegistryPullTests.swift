import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine

/// `berth pull` and `run --pull` against Debian's docker-registry on
/// loopback, with images pushed there by skopeo.
@Suite("Engine: pulling from a registry", .enabled(if: TestRegistry.available, TestRegistry.reason))
struct RegistryPullTests {
    init() { signal(SIGPIPE, SIG_IGN) }

    @Test("pull by tag prints Podman's lines and the ID, and the image is the one pushed")
    func pullByTag() throws {
        let registry = try TestRegistry.acquire()
        defer { registry.release() }
        let source = TestStore("reg-src")
        let (archive, id) = try TestRegistry.busyboxArchive(source, name: "localhost/tagged:1")
        try registry.push("docker-archive:" + archive, to: "tagged:1")

        let store = TestStore("reg-pull")
        let pulled = try store.berth("pull", "--tls-verify=false", "\(registry.plain)/tagged:1")
        #expect(pulled.status == 0, "\(pulled.stderr)")
        #expect(pulled.stdout == id + "\n")
        let lines = pulled.stderr.split(separator: "\n").map(String.init)
        #expect(lines.first == "Trying to pull \(registry.plain)/tagged:1...")
        #expect(lines.contains("Getting image source signatures"))
        #expect(lines.contains { $0.hasPrefix("Copying blob sha256:") })
        #expect(lines.contains("Copying config sha256:" + id))
        #expect(lines.suffix(2) == ["Writing manifest to image destination", "Storing signatures"])
        let images = try store.berth("images", "--format", "{{.Repository}}:{{.Tag}} {{.ID}}")
        #expect(images.stdout == "\(registry.plain)/tagged:1 \(id.prefix(12))\n")
    }

    @Test("pull by digest gets the same image, named by its digest")
    func pullByDigest() throws {
        let registry = try TestRegistry.acquire()
        defer { registry.release() }
        let source = TestStore("reg-src")
        let (archive, id) = try TestRegistry.busyboxArchive(source, name: "localhost/digested:1")
        try registry.push("docker-archive:" + archive, to: "digested:1")
        let digest = try registry.digest("digested:1")

        let store = TestStore("reg-digest")
        let name = "\(registry.plain)/digested@\(digest)"
        let pulled = try store.berth("pull", "-q", "--tls-verify=false", name)
        #expect(pulled.status == 0, "\(pulled.stderr)")
        #expect(pulled.stdout == id + "\n")
        #expect(pulled.stderr.isEmpty)
        let exists = try store.berth("image", "exists", name)
        #expect(exists.status == 0)
    }

    @Test("pulling an image already present fetches no blob")
    func alreadyPresent() throws {
        let registry = try TestRegistry.acquire()
        defer { registry.release() }
        let source = TestStore("reg-src")
        let (archive, id) = try TestRegistry.busyboxArchive(source, name: "localhost/present:1")
        try registry.push("docker-archive:" + archive, to: "present:1")

        let store = TestStore("reg-present")
        let first = try store.berth("pull", "-q", "--tls-verify=false", "\(registry.plain)/present:1")
        #expect(first.status == 0, "\(first.stderr)")
        let second = try store.berth("pull", "-q", "--tls-verify=false", "\(registry.plain)/present:1")
        #expect(second.status == 0, "\(second.stderr)")
        #expect(second.stdout == id + "\n")
        #expect(try registry.berthBlobRequests("present") == 2, "the first pull's config and layer, nothing since")
        let retag = try store.berth("pull", "-q", "--tls-verify=false", "--policy", "missing", "\(registry.plain)/present:1")
        #expect(retag.stdout == id + "\n")
        #expect(try registry.berthBlobRequests("present") == 2, "the first pull's config and layer, nothing since")
    }

    @Test("a zstd-compressed layer pulls and unpacks to the same image")
    func zstdLayer() throws {
        let registry = try TestRegistry.acquire()
        defer { registry.release() }
        let source = TestStore("reg-src")
        let (archive, id) = try TestRegistry.busyboxArchive(source, name: "localhost/zstd:1")
        try registry.push("docker-archive:" + archive, to: "zstd:1", flags: ["--dest-compress-format", "zstd"])

        let store = TestStore("reg-zstd")
        let pulled = try store.berth("pull", "-q", "--tls-verify=false", "\(registry.plain)/zstd:1")
        #expect(pulled.status == 0, "\(pulled.stderr)")
        #expect(pulled.stdout == id + "\n")
    }

    @Test("TLS with a CA from --cert-dir and htpasswd: right credentials pull, wrong ones fail with 401's words")
    func tlsAndCredentials() throws {
        let registry = try TestRegistry.acquire()
        defer { registry.release() }
        let source = TestStore("reg-src")
        let (archive, id) = try TestRegistry.busyboxArchive(source, name: "localhost/secret:1")
        try registry.push("docker-archive:" + archive, to: "secret:1")
        try registry.copyToTLS("secret:1")

        let store = TestStore("reg-tls")
        let name = "\(registry.tls)/secret:1"
        let wrong = try store.berth("pull", "--cert-dir", registry.certDirectory, "--creds", registry.user + ":wrong", name)
        #expect(wrong.status == 125)
        #expect(wrong.stderr.hasSuffix("Error: initializing source docker://\(name): reading manifest 1 in \(registry.tls)/secret: unauthorized: authentication required\n"))
        let untrusted = try store.berth("pull", "--retry", "0", "--creds", registry.user + ":" + registry.password, name)
        #expect(untrusted.status == 125)
        #expect(untrusted.stderr.contains("certificate"), "\(untrusted.stderr)")
        let right = try store.berth("pull", "-q", "--cert-dir", registry.certDirectory, "--creds", registry.user + ":" + registry.password, name)
        #expect(right.status == 0, "\(right.stderr)")
        #expect(right.stdout == id + "\n")
        #expect(try store.berth("images", "-q").stdout.split(separator: "\n").count == 1)
    }

    @Test("an unknown tag fails in Podman's words; refused connections too; the store stays empty")
    func unknownTagAndRefused() throws {
        let registry = try TestRegistry.acquire()
        defer { registry.release() }
        let store = TestStore("reg-unknown")
        let name = "\(registry.plain)/nothing:nope"
        let missing = try store.berth("pull", "--tls-verify=false", name)
        #expect(missing.status == 125)
        #expect(missing.stderr == "Trying to pull \(name)...\nError: initializing source docker://\(name): reading manifest nope in \(registry.plain)/nothing: manifest unknown: manifest unknown\n")
        let refused = try store.berth("pull", "-q", "--retry", "0", "--tls-verify=false", "127.0.0.1:1/x:1")
        #expect(refused.status == 125)
        #expect(refused.stderr.hasPrefix("Error: initializing source docker://127.0.0.1:1/x:1: pinging container registry 127.0.0.1:1: Get \""), "\(refused.stderr)")
        #expect(refused.stderr.contains("127.0.0.1:1/v2/"), "\(refused.stderr)")
        #expect(try store.berth("images", "-q").stdout.isEmpty)
    }

    @Test("run pulls a missing image (--pull missing), --pull never refuses one")
    func runPulls() throws {
        guard ContainerTestSupport.canRunContainers else { return }
        let registry = try TestRegistry.acquire()
        defer { registry.release() }
        let source = TestStore("reg-src")
        let (archive, id) = try TestRegistry.busyboxArchive(source, name: "localhost/runme:1")
        try registry.push("docker-archive:" + archive, to: "runme:1")

        let store = TestStore("reg-run")
        let name = "\(registry.plain)/runme:1"
        let never = try store.berth("run", "--rm", "--pull", "never", name, "echo", "hi")
        #expect(never.status == 125)
        #expect(never.stderr == "Error: \(name): image not known\n")
        let run = try store.berth("run", "--rm", "--tls-verify=false", name, "echo", "hi")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout == "hi\n")
        #expect(run.stderr.hasPrefix("Trying to pull \(name)..."))
        #expect(try store.berth("images", "-q", "--no-trunc").stdout == "sha256:\(id)\n")
        let again = try store.berth("run", "--rm", name, "echo", "again")
        #expect(again.stdout == "again\n")
        #expect(again.stderr.isEmpty)
    }
}

/// Pulls that registries.conf steers (CONTAINERS_REGISTRIES_CONF).
@Suite("Engine: pulling through registries.conf", .enabled(if: TestRegistry.available, TestRegistry.reason))
struct RegistryConfiguredPullTests {
    init() { signal(SIGPIPE, SIG_IGN) }

    @Test("a short name resolves through an alias to the loopback registry, marked insecure; a blocked one is refused")
    func aliasInsecureBlocked() throws {
        let registry = try TestRegistry.acquire()
        defer { registry.release() }
        let source = TestStore("reg-src")
        let (archive, id) = try TestRegistry.busyboxArchive(source, name: "localhost/aliased:1")
        try registry.push("docker-archive:" + archive, to: "aliased:1")

        let store = TestStore("reg-conf")
        let conf = store.dir + "/registries.conf"
        try Data("""
        [aliases]
        "aliased" = "\(registry.plain)/aliased"

        [[registry]]
        location = "\(registry.plain)"
        insecure = true

        [[registry]]
        location = "blocked.example"
        blocked = true
        """.utf8).write(to: URL(fileURLWithPath: conf))
        func berth(_ arguments: String...) throws -> EngineTestSupport.Result {
            try EngineTestSupport.run("/usr/bin/env", ["CONTAINERS_REGISTRIES_CONF=" + conf, EngineTestSupport.berth!] + store.globalArguments + arguments)
        }
        let pulled = try berth("pull", "aliased:1")
        #expect(pulled.status == 0, "\(pulled.stderr)")
        #expect(pulled.stdout == id + "\n")
        #expect(pulled.stderr.hasPrefix("Trying to pull \(registry.plain)/aliased:1...\n"))
        let blocked = try berth("pull", "blocked.example/x:1")
        #expect(blocked.status == 125)
        #expect(blocked.stderr == "Error: initializing source docker://blocked.example/x:1: registry blocked.example is blocked in registries.conf\n")
    }
}
