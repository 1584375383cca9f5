import Foundation
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine
@testable import BerthCLI
@testable import GoTemplate

/// Helpers for engine tests: a throwaway store, the built `berth` binary,
/// and busybox root filesystem tarballs.
enum EngineTestSupport {
    static let isRoot = geteuid() == 0
    static let busybox = "/bin/busybox"
    static let hasBusybox = FileManager.default.isExecutableFile(atPath: busybox)

    /// The directory holding the built `berth` (BERTH_BIN_DIR, or the build
    /// directory the test bundle lives in).
    static let binDir: String? = {
        if let dir = ProcessInfo.processInfo.environment["BERTH_BIN_DIR"], !dir.isEmpty { return dir }
        var dir = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        for _ in 0..<6 {
            dir = (dir as NSString).deletingLastPathComponent
            if FileManager.default.isExecutableFile(atPath: dir + "/berth") { return dir }
        }
        return nil
    }()

    static var berth: String? { binDir.map { $0 + "/berth" } }
    static var hasBerth: Bool { berth != nil }

    static func which(_ tool: String) -> String? {
        for dir in ["/usr/bin", "/usr/sbin", "/bin", "/usr/local/bin"] where FileManager.default.isExecutableFile(atPath: dir + "/" + tool) {
            return dir + "/" + tool
        }
        return nil
    }

    /// A fresh directory under /tmp, removed by the caller with `cleanup`.
    static func tempDir(_ tag: String) -> String {
        let path = "/tmp/berth-test-\(tag)-\(getpid())-\(FileSystem.randomHex(4))"
        try! FileSystem.makeDirectories(path)
        return path
    }

    /// Unmounts anything below `path`, then removes it.
    static func cleanup(_ path: String) {
        for point in MountTable.mountPoints().filter({ $0.hasPrefix(path + "/") }).sorted(by: >) {
            umount2(point, Int32(MNT_DETACH))
        }
        try? FileSystem.removeTree(path)
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    /// Runs a program to completion, draining its output while it runs.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], stdin: Data? = nil) throws -> Result {
        signal(SIGPIPE, SIG_IGN)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        try process.run()
        if let stdin {
            input.fileHandleForWriting.write(stdin)
            try? input.fileHandleForWriting.close()
        }
        let group = DispatchGroup()
        nonisolated(unsafe) var outData = Data()
        nonisolated(unsafe) var errData = Data()
        group.enter()
        DispatchQueue.global().async { outData = out.fileHandleForReading.readDataToEndOfFile(); group.leave() }
        errData = err.fileHandleForReading.readDataToEndOfFile()
        group.wait()
        process.waitUntilExit()
        return Result(status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self), stderr: String(decoding: errData, as: UTF8.self))
    }

    /// Builds a busybox root filesystem (busybox, a few applet links, /etc
    /// files) and returns the tarball's path; `gzip` compresses it.
    static func busyboxTarball(in dir: String, gzip: Bool = false, extra: [String: String] = [:]) throws -> String {
        let root = dir + "/rootfs-" + FileSystem.randomHex(3)
        try FileSystem.makeDirectories(root + "/bin")
        try FileSystem.makeDirectories(root + "/etc")
        try FileSystem.makeDirectories(root + "/tmp")
        _ = try run("/bin/cp", [busybox, root + "/bin/busybox"])
        for applet in ["sh", "ls", "cat", "echo", "true", "sleep"] { symlink("busybox", root + "/bin/" + applet) }
        try Data("root:x:0:0:root:/root:/bin/sh\n".utf8).write(to: URL(fileURLWithPath: root + "/etc/passwd"))
        for (path, content) in extra {
            try FileSystem.makeDirectories(((root + "/" + path) as NSString).deletingLastPathComponent)
            try Data(content.utf8).write(to: URL(fileURLWithPath: root + "/" + path))
        }
        let tarball = dir + "/busybox-" + FileSystem.randomHex(3) + (gzip ? ".tar.gz" : ".tar")
        let result = try run("/bin/tar", ["--numeric-owner", gzip ? "-czf" : "-cf", tarball, "-C", root, "."])
        guard result.status == 0 else { throw EngineError(.system, "tar failed: \(result.stderr)") }
        try? FileSystem.removeTree(root)
        return tarball
    }
}

/// A store in a temp directory plus a way to run `berth` against it.
final class TestStore {
    let dir: String
    let root: String
    let runRoot: String
    let driver: StorageDriver?

    init(_ tag: String, driver: StorageDriver? = nil) {
        dir = EngineTestSupport.tempDir(tag)
        root = dir + "/root"
        runRoot = dir + "/run"
        self.driver = driver
    }

    private var cleanups: [() -> Void] = []

    func onCleanup(_ body: @escaping () -> Void) { cleanups.append(body) }

    deinit {
        cleanups.forEach { $0() }
        EngineTestSupport.cleanup(dir)
    }

    var globalArguments: [String] {
        ["--root", root, "--runroot", runRoot] + (driver.map { ["--storage-driver", $0.rawValue] } ?? [])
    }

    func open() throws -> Store {
        try Store.open(StoreOptions(root: root, runRoot: runRoot, driver: driver))
    }

    @discardableResult
    func berth(_ arguments: String..., stdin: Data? = nil) throws -> EngineTestSupport.Result {
        try berth(arguments, stdin: stdin)
    }

    @discardableResult
    func berth(_ arguments: [String], stdin: Data? = nil) throws -> EngineTestSupport.Result {
        try EngineTestSupport.run(EngineTestSupport.berth!, globalArguments + arguments, stdin: stdin)
    }
}
