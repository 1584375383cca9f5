import Foundation
import Synchronization
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine

/// The loopback registries of ../shared/tools/registry (Debian's
/// docker-registry: plain HTTP, and TLS with htpasswd), in a directory of
/// this test process, started by the first test that needs them and
/// stopped by the last; images pushed to them with skopeo.
final class TestRegistry: Sendable {
    static let tool: String? = {
        var dir = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        for _ in 0..<4 {
            dir = dir.deletingLastPathComponent()
            let candidate = dir.appendingPathComponent("shared/tools/registry").path
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }()
    static let skopeo = EngineTestSupport.which("skopeo")

    /// Root, docker-registry, htpasswd, skopeo, the registry tool, busybox and the built berth.
    static let available = EngineTestSupport.isRoot && EngineTestSupport.which("docker-registry") != nil
        && EngineTestSupport.which("htpasswd") != nil && skopeo != nil && tool != nil
        && EngineTestSupport.hasBusybox && EngineTestSupport.hasBerth
    static let reason: Comment = "needs root, docker-registry, htpasswd (apache2-utils), skopeo, ../shared/tools/registry, busybox-static and the built berth"

    let directory: String
    let plain: String
    let tls: String
    let certDirectory: String
    let user: String
    let password: String

    private static let shared = Mutex<(registry: TestRegistry?, users: Int)>((nil, 0))

    /// The running registries; call `release()` when done.
    static func acquire() throws -> TestRegistry {
        try shared.withLock { state in
            if let registry = state.registry {
                state.users += 1
                return registry
            }
            let registry = try TestRegistry()
            state = (registry, 1)
            return registry
        }
    }

    func release() {
        TestRegistry.shared.withLock { state in
            state.users -= 1
            if state.users == 0 {
                _ = try? TestRegistry.tool(["clean"], directory: directory)
                state.registry = nil
            }
        }
    }

    private init() throws {
        directory = "/tmp/berth-test-registry-\(getpid())"
        let start = try TestRegistry.tool(["start", "all"], directory: directory)
        guard start.status == 0 else { throw EngineError(.system, "registry start: \(start.stderr)") }
        let env = try TestRegistry.tool(["env"], directory: directory).stdout
        var values: [String: String] = [:]
        for line in env.split(separator: "\n") {
            let assignment = line.hasPrefix("export ") ? line.dropFirst(7) : line[...]
            let parts = assignment.split(separator: "=", maxSplits: 1)
            if parts.count == 2 { values[String(parts[0])] = String(parts[1]) }
        }
        plain = values["REGISTRY_PLAIN"] ?? ""
        tls = values["REGISTRY_TLS"] ?? ""
        certDirectory = values["REGISTRY_CERT_DIR"] ?? ""
        user = values["REGISTRY_USER"] ?? ""
        password = values["REGISTRY_PASS"] ?? ""
        guard !plain.isEmpty, !tls.isEmpty, !password.isEmpty else {
            throw EngineError(.system, "registry env gave no addresses: \(env)")
        }
    }

    private static func tool(_ arguments: [String], directory: String) throws -> EngineTestSupport.Result {
        let output = "/tmp/berth-test-registry-\(getpid())-\(FileSystem.randomHex(4)).out"
        defer { unlink(output) }
        let pid = try spawn([tool!] + arguments, environment: ["REGISTRY_DIR=" + directory, "PATH=/usr/sbin:/usr/bin:/sbin:/bin"], output: output)
        let status = reap(pid)
        let text = (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
        return EngineTestSupport.Result(status: status, stdout: text, stderr: text)
    }

    /// Starts a program with posix_spawn, its output in a file, with an
    /// empty signal mask. (Foundation's Process let the registry tool and
    /// the Python server inherit blocked signals and never reaped the tool:
    /// tests hung; here `reap` waits for exactly this child.)
    static func spawn(_ argv: [String], environment: [String], output: String) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK))
        var cArgv = argv.map { strdup($0) } + [nil]
        var cEnv = environment.map { strdup($0) } + [nil]
        defer { (cArgv + cEnv).forEach { free($0) } }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, argv[0], &actions, &attributes, &cArgv, &cEnv)
        guard spawned == 0 else { throw EngineError.system("spawn \(argv[0])", spawned) }
        return pid
    }

    /// Waits for `pid`; its exit status (128 + signal when killed).
    @discardableResult
    static func reap(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
        return (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
    }

    /// Blob downloads berth asked the plain registry for in `repository`
    /// (its access log; other tests use other repositories at the same time).
    func berthBlobRequests(_ repository: String) throws -> Int {
        let log = try String(contentsOfFile: directory + "/log/plain.log", encoding: .utf8)
        return log.split(separator: "\n").filter { $0.contains("\"GET /v2/\(repository)/blobs/") && $0.contains("berth/") }.count
    }

    /// Blob uploads berth started on the plain registry in `repository`.
    func berthUploads(_ repository: String) throws -> Int {
        let log = try String(contentsOfFile: directory + "/log/plain.log", encoding: .utf8)
        return log.split(separator: "\n").filter { $0.contains("\"POST /v2/\(repository)/blobs/uploads/") && $0.contains("berth/") }.count
    }

    /// Copies `source` (a skopeo transport:path) to `destination` on the
    /// plain registry (`name:tag`); extra skopeo flags go first.
    func push(_ source: String, to destination: String, flags: [String] = []) throws {
        let result = try EngineTestSupport.run(TestRegistry.skopeo!, ["copy", "--quiet", "--dest-tls-verify=false"] + flags
            + [source, "docker://\(plain)/\(destination)"])
        guard result.status == 0 else { throw EngineError(.system, "skopeo copy to \(destination): \(result.stderr)") }
    }

    /// Copies an image from the plain registry to the TLS one.
    func copyToTLS(_ name: String) throws {
        let result = try EngineTestSupport.run(TestRegistry.skopeo!, ["copy", "--quiet", "--src-tls-verify=false",
            "--dest-cert-dir", certDirectory, "--dest-creds", user + ":" + password,
            "docker://\(plain)/\(name)", "docker://\(tls)/\(name)"])
        guard result.status == 0 else { throw EngineError(.system, "skopeo copy to TLS \(name): \(result.stderr)") }
    }

    /// The manifest digest of `name` on the plain registry.
    func digest(_ name: String) throws -> String {
        let result = try EngineTestSupport.run(TestRegistry.skopeo!, ["inspect", "--tls-verify=false", "--format", "{{.Digest}}", "docker://\(plain)/\(name)"])
        guard result.status == 0 else { throw EngineError(.system, "skopeo inspect \(name): \(result.stderr)") }
        return result.stdout.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    /// A busybox image made with `berth import` in `store`, saved as a
    /// docker-archive; returns the archive path and the image ID.
    static func busyboxArchive(_ store: TestStore, name: String) throws -> (path: String, id: String) {
        let tarball = try ContainerTestSupport.tarball(in: store.dir)
        let imported = try store.berth("import", "--change", "CMD [\"/bin/sh\"]", tarball, name)
        guard imported.status == 0 else { throw EngineError(.system, "import: \(imported.stderr)") }
        let archive = store.dir + "/\(FileSystem.randomHex(3)).tar"
        let saved = try store.berth("save", "-o", archive, name)
        guard saved.status == 0 else { throw EngineError(.system, "save: \(saved.stderr)") }
        return (archive, imported.stdout.trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
