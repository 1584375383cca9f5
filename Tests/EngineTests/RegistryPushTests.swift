import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine

/// `berth push` to the loopback registry: skopeo reads what berth wrote,
/// berth pulls it back as the same image, and a second push uploads no blob.
@Suite("Engine: pushing to a registry", .enabled(if: TestRegistry.available, TestRegistry.reason))
struct RegistryPushTests {
    init() { signal(SIGPIPE, SIG_IGN) }

    @Test("push writes blobs and manifest that skopeo verifies and berth pulls back; again, it uploads nothing")
    func pushRoundTrip() throws {
        let registry = try TestRegistry.acquire()
        defer { registry.release() }
        let source = TestStore("reg-push")
        let tarball = try ContainerTestSupport.tarball(in: source.dir)
        let id = try source.berth("import", tarball, "localhost/pushed:1").stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        let destination = "\(registry.plain)/pushed:1"
        let digestFile = source.dir + "/digest"

        let pushed = try source.berth("push", "--tls-verify=false", "--digestfile", digestFile, "localhost/pushed:1", "docker://" + destination)
        #expect(pushed.status == 0, "\(pushed.stderr)")
        #expect(pushed.stderr.split(separator: "\n").last == "Storing signatures")
        let digest = try String(contentsOfFile: digestFile, encoding: .utf8)
        #expect(try registry.digest("pushed:1") == digest)

        let copied = try EngineTestSupport.run(TestRegistry.skopeo!, ["copy", "--quiet", "--src-tls-verify=false",
                                                                      "docker://" + destination, "oci:" + source.dir + "/oci:x"])
        #expect(copied.status == 0, "\(copied.stderr)")

        let store = TestStore("reg-pushed-pull")
        let pulled = try store.berth("pull", "-q", "--tls-verify=false", destination)
        #expect(pulled.status == 0, "\(pulled.stderr)")
        #expect(pulled.stdout == id + "\n")

        let before = try registry.berthUploads("pushed")
        let again = try source.berth("push", "-q", "--tls-verify=false", "localhost/pushed:1", destination)
        #expect(again.status == 0, "\(again.stderr)")
        #expect(again.stderr.isEmpty)
        #expect(try registry.berthUploads("pushed") == before)
    }

    @Test("push without credentials to the htpasswd registry fails with 401's words")
    func pushUnauthorized() throws {
        let registry = try TestRegistry.acquire()
        defer { registry.release() }
        let source = TestStore("reg-push-denied")
        let tarball = try ContainerTestSupport.tarball(in: source.dir)
        #expect(try source.berth("import", tarball, "localhost/denied:1").status == 0)
        let pushed = try source.berth("push", "-q", "--authfile", source.dir + "/none.json", "--cert-dir", registry.certDirectory,
                                      "localhost/denied:1", "\(registry.tls)/denied:1")
        #expect(pushed.status == 125)
        #expect(pushed.stderr.contains("unauthorized: authentication required"), "\(pushed.stderr)")
    }
}
