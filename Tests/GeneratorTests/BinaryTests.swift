import Foundation
import Generator
import Testing
import UnitParser

#if canImport(Glibc)
import Glibc
#endif

/// The built `berth-generator` run as systemd (or Quadlet's harness) runs it.
@Suite("berth-generator executable", .enabled(if: GeneratorBinary.path != nil, "berth-generator is not built (set BERTH_BIN_DIR or build the product)"))
struct BinaryTests {
    let binary = GeneratorBinary.path ?? "/nonexistent"

    private func units() -> TempDir {
        let dir = TempDir("bin-src")
        dir.write("web.container", """
            [Unit]
            Description=web
            [Container]
            Image=quay.io/x/web
            Network=app.network
            Exec=/bin/echo "hello world"
            [Install]
            WantedBy=multi-user.target
            """)
        dir.write("app.network", "[Network]\n")
        return dir
    }

    private func environment(_ units: TempDir, podman: String? = "/usr/bin/podman") -> [String] {
        var environment = ["QUADLET_UNIT_DIRS=" + units.path, "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "HOME=" + units.path]
        if let podman { environment.append("PODMAN=" + podman) }
        return environment
    }

    @Test func dryRunPrintsEveryServiceAndWritesNothing() throws {
        let source = units()
        let output = TempDir("bin-out")
        let target = output.path + "/normal"
        let result = try ProcessRun(binary, ["-dryrun", target], environment: environment(source))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: target))

        let sections = result.stdout.split(separator: "\n").filter { $0.hasPrefix("---") }
        #expect(sections == ["---app-network.service---", "---web.service---"])
        // Each section holds the unit exactly as it would be written.
        let web = try #require(result.stdout.components(separatedBy: "---web.service---\n").last)
        let unit = try UnitFile(parsing: web, path: "web.service")
        let start = try WordSplitter.exec.split(try #require(unit.lookupLast("ExecStart", in: "Service")))
        #expect(start.first == "/usr/bin/podman")
        #expect(start.suffix(3) == ["quay.io/x/web", "/bin/echo", "hello world"])
        #expect(unit.lookupAll("Requires", in: "Unit") == ["app-network.service"])
    }

    @Test func writesServicesAndLinks() throws {
        let source = units()
        let output = TempDir("bin-out")
        let result = try ProcessRun(binary, ["-no-kmsg-log", output.path], environment: environment(source))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(output.exists("web.service"))
        #expect(output.exists("app-network.service"))
        #expect(output.linkTarget("multi-user.target.wants/web.service") == "../web.service")
    }

    @Test func engineIsPodmanVariableOrInstalledBerth() throws {
        let source = units()
        let custom = try ProcessRun(binary, ["-dryrun"], environment: environment(source, podman: "/opt/engine/podman"))
        #expect(custom.stdout.contains("ExecStart=/opt/engine/podman run "))
        let unset = try ProcessRun(binary, ["-dryrun"], environment: environment(source, podman: nil))
        #expect(unset.stdout.contains("ExecStart=\(EnginePath.installed) run "))
        #expect(!unset.stdout.contains("/usr/bin/podman"))
    }

    @Test func versionPrintsTheVersion() throws {
        let result = try ProcessRun(binary, ["-version"], environment: [])
        #expect(result.status == 0)
        #expect(result.stdout == GeneratorVersion.string + "\n")
    }

    @Test func programNameWithUserMeansUserMode() throws {
        let source = units()
        let links = TempDir("bin-link")
        let userGenerator = links.path + "/berth-user-generator"
        #expect(symlink(binary, userGenerator) == 0)
        let user = try ProcessRun(userGenerator, ["-dryrun"], environment: environment(source))
        #expect(user.status == 0, "\(user.stderr)")
        #expect(user.stdout.contains("Wants=berth-user-wait-network-online.service"))
        #expect(!user.stdout.contains("network-online.target"))

        let system = try ProcessRun(binary, ["-dryrun"], environment: environment(source))
        #expect(system.stdout.contains("Wants=network-online.target"))
        #expect(!system.stdout.contains("berth-user-wait-network-online.service"))
    }

    @Test(arguments: [["-bogus"], ["--dryrun=perhaps"], [] as [String]])
    func badUsageExitsTwoAndWritesNothing(_ flags: [String]) throws {
        let source = units()
        let output = TempDir("bin-out")
        let target = output.path + "/normal"
        let arguments = flags.isEmpty ? [] : flags + [target]
        let result = try ProcessRun(binary, arguments, environment: environment(source))
        #expect(result.status == 2)
        #expect(result.stderr.contains("Usage:"))
        #expect(result.stdout.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: target))
    }

    @Test func unitDirectoriesAreSearchedRecursively() throws {
        let source = TempDir("bin-tree")
        source.write("apps/web/web.container", "[Container]\nImage=quay.io/x/web\nNetwork=app.network\n")
        source.write("networks/app.network", "[Network]\n")
        let result = try ProcessRun(binary, ["-dryrun"], environment: environment(source))
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("---web.service---"))
        #expect(result.stdout.contains("---app-network.service---"))
        #expect(result.stdout.contains("Requires=app-network.service"))
    }

    @Test func symlinkLoopInAUnitDirectoryIsNotWalkedInto() throws {
        let source = TempDir("bin-loop")
        source.write("sub/notes.txt", "no units here")
        #expect(symlink(".", source.path + "/sub/loop") == 0)
        let result = try ProcessRun(binary, ["-dryrun"], environment: environment(source))
        #expect(result.status == 0, "\(result.stderr)")
        let searched = result.stderr.split(separator: "\n").filter { $0.contains("No files parsed from") }
        #expect(searched.count == 1, "\(result.stderr)")
        #expect(searched.first?.contains(source.path + "/sub") == true)
        #expect(searched.first?.contains("/loop") == false, "\(searched)")
    }

    @Test func relativeUnitDirectoryIsRefused() throws {
        let source = units()
        let result = try ProcessRun(binary, ["-dryrun"], environment: ["QUADLET_UNIT_DIRS=relative/dir:" + source.path])
        #expect(result.stderr.contains("relative/dir not a valid file path"), "\(result.stderr)")
        #expect(!result.stdout.contains("---web.service---"))
    }

    @Test(arguments: [true, false])
    func userModeReadsTheUsersConfigDirectory(_ viaXDG: Bool) throws {
        let home = TempDir("bin-home")
        let runtime = TempDir("bin-runtime")
        let config = viaXDG ? home.path + "/xdg-config" : home.path + "/.config"
        home.write(String(config.dropFirst(home.path.count + 1)) + "/containers/systemd/web.container", "[Container]\nImage=quay.io/x/from-config\n")
        home.write(String(config.dropFirst(home.path.count + 1)) + "/containers/systemd/db.container", "[Container]\nImage=quay.io/x/db-config\n")
        // The runtime directory comes first in the user search path.
        runtime.write("containers/systemd/db.container", "[Container]\nImage=quay.io/x/db-runtime\n")
        var environment = ["HOME=" + home.path, "XDG_RUNTIME_DIR=" + runtime.path, "PODMAN=/usr/bin/podman"]
        if viaXDG { environment.append("XDG_CONFIG_HOME=" + config) }
        let result = try ProcessRun(binary, ["-user", "-dryrun"], environment: environment)
        #expect(result.stdout.contains("---web.service---"), "\(result.stderr)")
        #expect(result.stdout.contains("quay.io/x/from-config"))
        #expect(result.stdout.contains("quay.io/x/db-runtime"))
        #expect(!result.stdout.contains("quay.io/x/db-config"))
        #expect(result.stdout.contains("Wants=berth-user-wait-network-online.service"))
    }

    @Test func failingUnitExitsOneAndTheRestIsWritten() throws {
        let source = units()
        let badPath = source.write("bad.container", "[Container]\nImage=quay.io/x/y\nFrobnicate=yes\n")
        let output = TempDir("bin-out")
        let result = try ProcessRun(binary, ["-no-kmsg-log", output.path], environment: environment(source))
        #expect(result.status == 1)
        #expect(result.stderr.contains("unsupported key 'Frobnicate' in group 'Container' in \(badPath):3"), "\(result.stderr)")
        #expect(output.exists("web.service"))
        #expect(!output.exists("bad.service"))
    }
}

/// Finds the built generator: `$BERTH_BIN_DIR`, else next to the test bundle.
enum GeneratorBinary {
    static let path: String? = {
        let fileManager = FileManager.default
        if let dir = ProcessInfo.processInfo.environment["BERTH_BIN_DIR"], !dir.isEmpty {
            let candidate = dir + "/berth-generator"
            return fileManager.isExecutableFile(atPath: candidate) ? candidate : nil
        }
        guard let executable = try? fileManager.destinationOfSymbolicLink(atPath: "/proc/self/exe") else { return nil }
        var dir = (executable as NSString).deletingLastPathComponent
        for _ in 0..<4 {
            let candidate = dir + "/berth-generator"
            if fileManager.isExecutableFile(atPath: candidate) { return candidate }
            dir = (dir as NSString).deletingLastPathComponent
        }
        return nil
    }()
}

/// Runs a program to completion with stdout and stderr captured in files
/// (no pipes to drain), stdin from /dev/null and exactly `environment`.
struct ProcessRun {
    var status: Int32
    var stdout: String
    var stderr: String

    struct Failure: Error, CustomStringConvertible {
        var description: String
    }

    init(_ program: String, _ arguments: [String], environment: [String]) throws {
        let logs = TempDir("bin-logs")
        let outPath = logs.path + "/stdout"
        let errPath = logs.path + "/stderr"

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, errPath, O_WRONLY | O_CREAT | O_TRUNC, 0o600)

        let argv: [UnsafeMutablePointer<CChar>?] = ([program] + arguments).map { strdup($0) } + [nil]
        let envp: [UnsafeMutablePointer<CChar>?] = environment.map { strdup($0) } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let spawned = posix_spawn(&pid, program, &actions, nil, argv, envp)
        guard spawned == 0 else { throw Failure(description: "posix_spawn \(program): \(spawned)") }

        var waitStatus: Int32 = 0
        while waitpid(pid, &waitStatus, 0) < 0 {
            guard errno == EINTR else { throw Failure(description: "waitpid: \(errno)") }
        }
        // WIFEXITED / WEXITSTATUS, which Swift cannot import as macros.
        status = waitStatus & 0x7F == 0 ? (waitStatus >> 8) & 0xFF : 128 + (waitStatus & 0x7F)
        stdout = (try? String(contentsOfFile: outPath, encoding: .utf8)) ?? ""
        stderr = (try? String(contentsOfFile: errPath, encoding: .utf8)) ?? ""
    }
}
