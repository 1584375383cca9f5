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
    /// Bounded: a program still running after `timeout` seconds is killed
    /// and the call fails naming it; so does one whose output stays open
    /// (a process it left running holds the pipe) 30 s after it exited. A
    /// hung command fails its test instead of stopping the whole run.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], stdin: Data? = nil, timeout: Double = 300) throws -> Result {
        signal(SIGPIPE, SIG_IGN)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        let out = Pipe(), err = Pipe(), input = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = stdin == nil ? FileHandle.nullDevice : input
        let exited = DispatchSemaphore(value: 0)
        process.terminationHandler = { _ in exited.signal() }
        try process.run()
        let outData = PipeReader(out), errData = PipeReader(err)
        if let stdin {
            input.fileHandleForWriting.write(stdin)
            try? input.fileHandleForWriting.close()
        }
        let command = ([executable] + arguments).joined(separator: " ")
        if exited.wait(timeout: .now() + timeout) == .timedOut {
            kill(process.processIdentifier, SIGKILL)
            exited.wait()
            throw EngineError(.system, "timed out after \(Int(timeout)) s and killed: \(command)\nstdout: \(outData.text)\nstderr: \(errData.text)")
        }
        process.waitUntilExit()
        guard outData.waitForEnd(seconds: 30), errData.waitForEnd(seconds: 30) else {
            throw EngineError(.system, "exited, but a process it left running holds its output open: \(command)")
        }
        return Result(status: process.terminationStatus, stdout: outData.text, stderr: errData.text)
    }

    /// Reads a pipe to its end on a thread of its own; what came so far can
    /// be read at any time.
    final class PipeReader: @unchecked Sendable {
        private let lock = NSLock()
        private var data = Data()
        private let ended = DispatchSemaphore(value: 0)

        init(_ pipe: Pipe) {
            let handle = pipe.fileHandleForReading
            Thread.detachNewThread { [self] in
                while true {
                    let chunk = handle.availableData
                    if chunk.isEmpty { break }
                    lock.withLock { data.append(chunk) }
                }
                ended.signal()
            }
        }

        var text: String { lock.withLock { String(decoding: data, as: UTF8.self) } }

        func waitForEnd(seconds: Double) -> Bool {
            guard ended.wait(timeout: .now() + seconds) == .success else { return false }
            ended.signal()
            return true
        }
    }

    /// Waits for a process the test started itself; past `seconds` it is
    /// killed, and false says it hung.
    static func waitForExit(_ process: Process, seconds: Double = 120) -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while process.isRunning, Date() < deadline { usleep(20_000) }
        guard process.isRunning else { return true }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        return false
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
