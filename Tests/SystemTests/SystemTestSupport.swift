import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif

/// Boots a real systemd in `sdbox` (SDBOX_CONTAINERS=1), installs the built
/// Berth into it, and runs commands there.
enum SystemTestSupport {
    /// The package's root directory (Tests/SystemTests/<file> → up three).
    static let packageRoot: String = {
        var url = URL(fileURLWithPath: #filePath)
        for _ in 0..<3 { url.deleteLastPathComponent() }
        return url.path
    }()

    static let sdbox: String? = {
        let candidates = [ProcessInfo.processInfo.environment["SDBOX"], packageRoot + "/../shared/tools/sdbox", "/work/shared/tools/sdbox"]
        return candidates.compactMap { $0 }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }()

    /// BERTH_BIN_DIR, or the build directory holding the test bundle.
    static let binDir: String? = {
        let fm = FileManager.default
        func complete(_ dir: String) -> Bool {
            ["berth", "conmon-swift", "berth-generator"].allSatisfy { fm.isExecutableFile(atPath: dir + "/" + $0) }
        }
        if let dir = ProcessInfo.processInfo.environment["BERTH_BIN_DIR"], !dir.isEmpty { return complete(dir) ? dir : nil }
        var url = URL(fileURLWithPath: (try? fm.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0])
        for _ in 0..<6 {
            url.deleteLastPathComponent()
            if complete(url.path) { return url.path }
        }
        return nil
    }()

    static let canBoot: Bool = {
        geteuid() == 0 && sdbox != nil && binDir != nil && which("systemd-nspawn") != nil && which("runc") != nil
            && FileManager.default.isExecutableFile(atPath: "/bin/busybox")
    }()

    static let reason: Comment = "needs root, sdbox, systemd-nspawn, runc, busybox-static and the built berth, conmon-swift and berth-generator"

    static func which(_ tool: String) -> String? {
        ["/usr/bin", "/usr/sbin", "/bin", "/sbin"].map { $0 + "/" + tool }.first { FileManager.default.isExecutableFile(atPath: $0) }
    }

    struct Result {
        var status: Int32
        var stdout: String
        var stderr: String
        var out: String { stdout.trimmingCharacters(in: .whitespacesAndNewlines) }
    }

    /// Runs a program to completion (at most `timeout` seconds) with
    /// posix_spawn and waitpid. Output
    /// goes through files, not pipes: `sdbox start` leaves the box running
    /// in the background, and a pipe held by anything it started would never
    /// reach end-of-file.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String], environment: [String: String] = [:], timeout: Double = 600) throws -> Result {
        signal(SIGPIPE, SIG_IGN)
        let base = "/tmp/berth-st-out-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        defer { unlink(base + ".out"); unlink(base + ".err") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, base + ".out", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, base + ".err", O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var none = sigset_t()
        sigemptyset(&none)
        var all = sigset_t()
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &none)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let env = ProcessInfo.processInfo.environment.merging(environment) { $1 }.map { "\($0.key)=\($0.value)" }
        var argv: [UnsafeMutablePointer<CChar>?] = ([executable] + arguments).map { strdup($0) } + [nil]
        var envp: [UnsafeMutablePointer<CChar>?] = env.map { strdup($0) } + [nil]
        defer { for p in argv + envp { free(p) } }
        var pid: pid_t = 0
        let rc = posix_spawn(&pid, executable, &actions, &attributes, &argv, &envp)
        if rc != 0 { throw SystemTestError("cannot run \(executable): \(String(cString: strerror(rc)))") }
        // Bounded, so a hung command fails its test instead of the run.
        var status: Int32 = 0
        let deadline = Date().addingTimeInterval(timeout)
        while true {
            let reaped = waitpid(pid, &status, WNOHANG)
            if reaped == pid || (reaped < 0 && errno != EINTR) { break }
            if Date() > deadline {
                kill(pid, SIGKILL)
                while waitpid(pid, &status, 0) < 0 && errno == EINTR {}
                let output = (try? String(contentsOfFile: base + ".err", encoding: .utf8)) ?? ""
                throw SystemTestError("timed out after \(Int(timeout)) s and killed: \(([executable] + arguments).joined(separator: " "))\n\(output)")
            }
            usleep(10_000)
        }
        let code = (status & 0x7f) == 0 ? (status >> 8) & 0xff : 128 + (status & 0x7f)
        let stdout = (try? String(contentsOfFile: base + ".out", encoding: .utf8)) ?? ""
        let stderr = (try? String(contentsOfFile: base + ".err", encoding: .utf8)) ?? ""
        return Result(status: code, stdout: stdout, stderr: stderr)
    }

    /// A busybox root filesystem tarball (with a static `sd-notify` helper
    /// when a C compiler is there) written to `path`.
    static func imageTarball(at path: String, scratch: String) throws {
        let root = scratch + "/rootfs"
        let fm = FileManager.default
        for dir in ["bin", "etc", "tmp", "root", "data"] { try fm.createDirectory(atPath: root + "/" + dir, withIntermediateDirectories: true) }
        try fm.copyItem(atPath: "/bin/busybox", toPath: root + "/bin/busybox")
        for applet in ["sh", "echo", "cat", "sleep", "true", "touch", "ls", "printf", "kill", "httpd", "wget", "mkdir", "test", "rm"] {
            try fm.createSymbolicLink(atPath: root + "/bin/" + applet, withDestinationPath: "busybox")
        }
        try Data("root:x:0:0:root:/root:/bin/sh\n".utf8).write(to: URL(fileURLWithPath: root + "/etc/passwd"))
        if let cc = which("cc") ?? which("gcc") {
            let source = scratch + "/sd-notify.c"
            try Data(notifySource.utf8).write(to: URL(fileURLWithPath: source))
            _ = try run(cc, ["-static", "-O2", "-o", root + "/bin/sd-notify", source])
        }
        let tar = try run("/bin/tar", ["--numeric-owner", "-cf", path, "-C", root, "."])
        guard tar.status == 0 else { throw SystemTestError("tar: \(tar.stderr)") }
    }

    static var hasCompiler: Bool { which("cc") != nil || which("gcc") != nil }

    /// The smallest sd_notify(3) client: sends argv[1] to $NOTIFY_SOCKET.
    static let notifySource = """
        #include <stdlib.h>
        #include <string.h>
        #include <sys/socket.h>
        #include <sys/un.h>
        int main(int argc, char **argv) {
            const char *path = getenv("NOTIFY_SOCKET");
            const char *msg = argc > 1 ? argv[1] : "READY=1";
            if (!path) return 2;
            int fd = socket(AF_UNIX, SOCK_DGRAM, 0);
            struct sockaddr_un a;
            memset(&a, 0, sizeof a);
            a.sun_family = AF_UNIX;
            strncpy(a.sun_path, path, sizeof a.sun_path - 1);
            return sendto(fd, msg, strlen(msg), 0, (struct sockaddr *)&a, sizeof a) < 0;
        }
        """
}

struct SystemTestError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

/// One booted box, stopped when the value goes away.
final class Box {
    let name: String
    let scratch: String
    private let environment: [String: String]

    /// `lower`: an extra read-only layer laid over the host's / (files the
    /// box has from its first instant, e.g. units to start at boot).
    init(_ tag: String, lower: String? = nil) throws {
        name = "berth-st-\(tag)-\(getpid())-\(UInt16.random(in: 0...UInt16.max))"
        scratch = "/tmp/" + name
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        var env = ["SDBOX_NAME": name, "SDBOX_CONTAINERS": "1", "SDBOX_SIZE": "1G"]
        if let lower { env["SDBOX_LOWER"] = lower + ":/" }
        environment = env
        let start = try SystemTestSupport.run(SystemTestSupport.sdbox!, ["start"], environment: environment)
        if start.status != 0 { throw SystemTestError("sdbox start: \(start.stderr)") }
    }

    deinit {
        _ = try? SystemTestSupport.run(SystemTestSupport.sdbox!, ["stop"], environment: environment)
        try? FileManager.default.removeItem(atPath: scratch)
    }

    var root: String {
        (try? SystemTestSupport.run(SystemTestSupport.sdbox!, ["root"], environment: environment).out) ?? ""
    }

    @discardableResult
    func exec(_ arguments: String...) throws -> SystemTestSupport.Result {
        try SystemTestSupport.run(SystemTestSupport.sdbox!, ["exec"] + arguments, environment: environment)
    }

    /// Installs the built binaries with packaging/install.sh and hands
    /// /etc/containers/systemd to berth-generator alone.
    static func install(into root: String) throws {
        let r = try SystemTestSupport.run("/bin/bash", [SystemTestSupport.packageRoot + "/packaging/install.sh"],
                                          environment: ["DESTDIR": root, "BERTH_BIN_DIR": SystemTestSupport.binDir!])
        if r.status != 0 { throw SystemTestError("install.sh: \(r.stderr)") }
        for generator in ["system-generators/podman-system-generator", "user-generators/podman-user-generator"] {
            try? FileManager.default.removeItem(atPath: root + "/usr/lib/systemd/" + generator)
        }
    }

    func writeUnit(_ name: String, _ text: String) throws {
        let dir = root + "/etc/containers/systemd"
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        try Data(text.utf8).write(to: URL(fileURLWithPath: dir + "/" + name))
    }

    /// The `0::PATH` line of `/proc/PID/cgroup` in the box: a process's cgroup v2.
    func unifiedCgroup(of pid: String) throws -> String {
        try exec("cat", "/proc/\(pid)/cgroup").out.split(separator: "\n").first { $0.hasPrefix("0::") }.map(String.init) ?? ""
    }

    func property(_ unit: String, _ name: String) throws -> String {
        try exec("systemctl", "show", "-P", name, unit).out
    }
}
