import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine
@testable import BerthCLI
@testable import GoTemplate

/// Stores with a busybox image for container tests, run through the built
/// `berth` (and the `conmon-swift` next to it) with runc.
enum ContainerTestSupport {
    static let runc = EngineTestSupport.which("runc")

    /// Root, runc, busybox-static, and the built berth + conmon-swift.
    static let canRunContainers: Bool = {
        guard EngineTestSupport.isRoot, runc != nil, EngineTestSupport.hasBusybox, let dir = EngineTestSupport.binDir else { return false }
        return FileManager.default.isExecutableFile(atPath: dir + "/conmon-swift")
    }()

    static let reason: Comment = "needs root, runc, busybox-static and the built berth and conmon-swift"

    static let applets = ["sh", "ls", "cat", "echo", "true", "false", "sleep", "kill", "printf", "id", "env", "head", "grep",
                          "wc", "touch", "mkdir", "rm", "readlink", "ip", "hostname", "seq", "tr", "test", "mount", "ps", "stat", "stty",
                          "nslookup", "nc", "httpd", "wget"]

    /// A busybox root filesystem tarball with the applets above.
    static func tarball(in dir: String) throws -> String {
        let root = dir + "/rootfs-" + FileSystem.randomHex(3)
        for sub in ["bin", "etc", "tmp", "root"] { try FileSystem.makeDirectories(root + "/" + sub, mode: 0o755) }
        chmod(root, 0o755)
        chmod(root + "/tmp", 0o1777)
        _ = try EngineTestSupport.run("/bin/cp", [EngineTestSupport.busybox, root + "/bin/busybox"])
        for applet in applets { symlink("busybox", root + "/bin/" + applet) }
        try Data("root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/sh\n".utf8)
            .write(to: URL(fileURLWithPath: root + "/etc/passwd"))
        try Data("root:x:0:\nnogroup:x:65534:\n".utf8).write(to: URL(fileURLWithPath: root + "/etc/group"))
        let tarball = dir + "/busybox-" + FileSystem.randomHex(3) + ".tar"
        let result = try EngineTestSupport.run("/bin/tar", ["--numeric-owner", "-cf", tarball, "-C", root, "."])
        guard result.status == 0 else { throw EngineError(.system, "tar failed: \(result.stderr)") }
        try? FileSystem.removeTree(root)
        return tarball
    }

    /// A fresh store with `localhost/busybox:latest`; every container is
    /// force-removed when the store goes away.
    static func store(_ tag: String) throws -> TestStore {
        let store = TestStore(tag)
        let tar = try tarball(in: store.dir)
        let imported = try store.berth("import", tar, "localhost/busybox:latest")
        try #require(imported.status == 0, "import: \(imported.stderr)")
        store.onCleanup { [dir = store.dir, args = store.globalArguments] in
            _ = try? EngineTestSupport.run(EngineTestSupport.berth!, args + ["rm", "-a", "-f", "-t", "0"])
            _ = dir
        }
        return store
    }

    /// Polls `condition` up to `seconds` (a guard against hanging, never a
    /// pass/fail criterion by itself).
    static func eventually(_ seconds: Double = 30, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try condition() { return true }
            usleep(20_000)
        }
        return try condition()
    }

    /// Mount points below `dir` (leaks show up here).
    static func mounts(under dir: String) -> [String] {
        MountTable.mountPoints().filter { $0.hasPrefix(dir + "/") }.sorted()
    }

    /// Containers the runtime still knows in this store's runc root.
    static func runtimeContainers(_ store: TestStore) -> [String] {
        FileSystem.list(store.runRoot + "/runc")
    }
}

extension EngineTestSupport.Result {
    var out: String { stdout.trimmingCharacters(in: .whitespacesAndNewlines) }
}
