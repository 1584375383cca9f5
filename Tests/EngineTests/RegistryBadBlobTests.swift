import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine
import GRDB

/// A registry that lies: a tiny Python server on 127.0.0.1 serves a
/// manifest whose layer blob is corrupt or short. Pull must fail naming
/// the blob and leave nothing in the store.
@Suite("Engine: pulling a corrupt blob", .enabled(if: EngineTestSupport.isRoot && EngineTestSupport.hasBerth
    && EngineTestSupport.hasBusybox && EngineTestSupport.which("python3") != nil, "needs root, python3, busybox-static and the built berth"))
struct RegistryBadBlobTests {
    init() { signal(SIGPIPE, SIG_IGN) }

    static let server = """
    import http.server, sys, os
    root, mode = sys.argv[1], sys.argv[2]
    served = {"layer": 0}
    class Handler(http.server.BaseHTTPRequestHandler):
        def log_message(self, *args): pass
        def send(self, body, kind):
            self.send_response(200)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)
        def do_GET(self):
            if self.path == "/v2/":
                return self.send(b"{}", "application/json")
            name = self.path.rsplit("/", 1)[-1]
            if "/manifests/" in self.path:
                return self.send(open(root + "/manifest", "rb").read(), "application/vnd.oci.image.manifest.v1+json")
            path = root + "/" + name.replace("sha256:", "")
            if not os.path.exists(path):
                self.send_response(404); self.end_headers(); return
            body = open(path, "rb").read()
            if name.replace("sha256:", "") == open(root + "/layer-digest").read():
                served["layer"] += 1
                if mode == "drop" and served["layer"] <= 2:
                    self.send_response(200)
                    self.send_header("Content-Length", str(len(body)))
                    self.end_headers()
                    self.wfile.write(body[: len(body) // 2])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                if mode == "corrupt":
                    body = body[:-1] + bytes([body[-1] ^ 1])
                elif mode == "short":
                    body = body[: len(body) // 2]
            self.send(body, "application/octet-stream")
    server = http.server.HTTPServer(("127.0.0.1", 0), Handler)
    print(server.server_address[1], flush=True)
    server.serve_forever()
    """

    /// Writes an image (one uncompressed busybox layer) for the server.
    static func serveImage(in dir: String, mode: String) throws -> (pid: pid_t, port: String, layer: Digest, config: Digest) {
        let blobs = dir + "/blobs"
        try FileSystem.makeDirectories(blobs)
        let layer = try FileSystem.readFile(EngineTestSupport.busyboxTarball(in: dir))
        let layerDigest = Digest.of(layer)
        let config = Data("""
        {"architecture":"\(ImageStore.hostArchitecture)","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":["\(layerDigest)"]}}
        """.utf8)
        let manifest = ImageManifest(config: Descriptor(mediaType: MediaType.ociConfig, digest: Digest.of(config), size: Int64(config.count)),
                                     layers: [Descriptor(mediaType: MediaType.ociLayer, digest: layerDigest, size: Int64(layer.count))])
        try layer.write(to: URL(fileURLWithPath: blobs + "/" + layerDigest.hex))
        try config.write(to: URL(fileURLWithPath: blobs + "/" + Digest.of(config).hex))
        try JSONEncoder().encode(manifest).write(to: URL(fileURLWithPath: blobs + "/manifest"))
        try Data(layerDigest.hex.utf8).write(to: URL(fileURLWithPath: blobs + "/layer-digest"))
        let output = dir + "/server.out"
        let pid = try TestRegistry.spawn([EngineTestSupport.which("python3")!, "-c", server, blobs, mode], environment: [], output: output)
        var port = ""
        // The server prints its port once it listens.
        for _ in 0..<1000 where !port.hasSuffix("\n") {
            port = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
            if !port.hasSuffix("\n") { usleep(10_000) }
        }
        return (pid, port.trimmingCharacters(in: .whitespacesAndNewlines), layerDigest, Digest.of(config))
    }

    struct Case: CustomStringConvertible, Sendable {
        var mode: String
        var message: String
        var description: String { mode }
    }

    @Test("a corrupt or short layer blob fails with its digest named, and nothing is kept",
          arguments: [Case(mode: "corrupt", message: "digest mismatch"), Case(mode: "short", message: "size mismatch")])
    func badBlob(_ c: Case) throws {
        let store = TestStore("reg-bad-\(c.mode)")
        let served = try RegistryBadBlobTests.serveImage(in: store.dir, mode: c.mode)
        defer { kill(served.pid, SIGKILL); TestRegistry.reap(served.pid) }
        let name = "127.0.0.1:\(served.port)/bad:1"
        let pulled = try store.berth("pull", "-q", "--retry", "0", "--tls-verify=false", name)
        #expect(pulled.status == 125)
        #expect(pulled.stderr.hasPrefix("Error: initializing source docker://\(name): "), "\(pulled.stderr)")
        #expect(pulled.stderr.contains("blob \(served.layer)"), "\(pulled.stderr)")
        #expect(pulled.stderr.contains(c.message), "\(pulled.stderr)")
        #expect(try store.berth("images", "-q").stdout.isEmpty)
        #expect(FileSystem.list(store.root + "/blobs/sha256").isEmpty)
        #expect(FileSystem.list(store.root + "/tmp").isEmpty)
        let layers = try store.open().database.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM layer") ?? 0 }
        #expect(layers == 0)
    }

    /// The server drops the first two layer downloads: the first pull has
    /// no retry left; the second pull's retry gets the whole blob.
    @Test("a connection dropped in the middle of a layer is retried (--retry), and fails without retries")
    func droppedConnection() throws {
        let store = TestStore("reg-drop")
        let served = try RegistryBadBlobTests.serveImage(in: store.dir, mode: "drop")
        defer { kill(served.pid, SIGKILL); TestRegistry.reap(served.pid) }
        let name = "127.0.0.1:\(served.port)/bad:1"
        let failed = try store.berth("pull", "-q", "--retry", "0", "--tls-verify=false", name)
        #expect(failed.status == 125)
        #expect(failed.stderr.contains("reading blob \(served.layer)"), "\(failed.stderr)")
        #expect(try store.berth("images", "-q").stdout.isEmpty)
        let retried = try store.berth("pull", "-q", "--retry", "2", "--retry-delay", "0s", "--tls-verify=false", name)
        #expect(retried.status == 0, "\(retried.stderr)")
        #expect(retried.stdout == served.config.hex + "\n")
    }
}
