import Foundation
import Testing
#if canImport(Glibc)
import Glibc
#endif
@testable import Engine
@testable import BerthCLI
@testable import GoTemplate

/// An unprivileged user to run `berth` as: `berth-rootless-test`, created
/// with useradd when absent (CI runs as root on a fresh machine); a bare
/// uid without a passwd entry when useradd cannot make one.
enum RootlessUser {
    static let name = "berth-rootless-test"
    static let fallbackID: UInt32 = 61_234

    static let ids: (uid: UInt32, gid: UInt32) = {
        if let entry = lookup() { return entry }
        if let useradd = EngineTestSupport.which("useradd") {
            // Parallel test processes may race for /etc/passwd's lock.
            for _ in 0..<20 {
                _ = try? EngineTestSupport.run(useradd, ["--system", "--user-group", "--no-create-home",
                                                         "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", name])
                if let entry = lookup() { return entry }
                usleep(100_000)
            }
        }
        return (fallbackID, fallbackID)
    }()

    private static func lookup() -> (uid: UInt32, gid: UInt32)? {
        guard let entry = getpwnam(name) else { return nil }
        return (entry.pointee.pw_uid, entry.pointee.pw_gid)
    }

    static var available: Bool {
        EngineTestSupport.isRoot && EngineTestSupport.hasBerth && EngineTestSupport.hasBusybox
            && EngineTestSupport.which("setpriv") != nil
    }
}

/// A rootless user's world: a home directory and an XDG runtime directory of
/// their own, and `berth` run with no --root/--runroot, as that user would.
final class RootlessSession {
    let dir: String
    let home: String
    let runtimeDir: String
    let berthPath: String
    let uid: UInt32
    let gid: UInt32

    init(_ tag: String) throws {
        (uid, gid) = RootlessUser.ids
        dir = EngineTestSupport.tempDir("rootless-" + tag)
        home = dir + "/home"
        runtimeDir = dir + "/run-user"
        chmod(dir, 0o755)
        for path in [home, runtimeDir] {
            try FileSystem.makeDirectories(path)
            chown(path, uid, gid)
        }
        // The user needs to reach the binary: the build directory may sit
        // under a directory only root can enter.
        let built = EngineTestSupport.berth!
        if RootlessSession.canExecute(built, uid: uid, gid: gid) {
            berthPath = built
        } else {
            berthPath = dir + "/berth"
            _ = try EngineTestSupport.run("/bin/cp", [built, berthPath])
            chmod(berthPath, 0o755)
        }
    }

    deinit { EngineTestSupport.cleanup(dir) }

    private static func canExecute(_ path: String, uid: UInt32, gid: UInt32) -> Bool {
        let result = try? EngineTestSupport.run("/usr/bin/setpriv", ["--reuid", "\(uid)", "--regid", "\(gid)", "--clear-groups",
                                                                     path, "--version"])
        return result?.status == 0
    }

    /// A world-readable copy of a busybox rootfs tarball.
    func tarball() throws -> String {
        let path = try EngineTestSupport.busyboxTarball(in: dir)
        chmod(path, 0o644)
        return path
    }

    /// Runs `berth` as the unprivileged user with only HOME, XDG_RUNTIME_DIR
    /// (unless `runtimeDir` is false) and PATH set.
    @discardableResult
    func berth(_ arguments: String..., environment: [String]? = nil) throws -> EngineTestSupport.Result {
        let env = environment ?? ["HOME=" + home, "XDG_RUNTIME_DIR=" + runtimeDir]
        return try EngineTestSupport.run("/usr/bin/env", ["-i", "PATH=/usr/sbin:/usr/bin:/sbin:/bin"] + env + [
            "/usr/bin/setpriv", "--reuid", "\(uid)", "--regid", "\(gid)", "--clear-groups", berthPath,
        ] + arguments)
    }

    func owner(_ path: String) -> UInt32? {
        var info = stat()
        return lstat(path, &info) == 0 ? info.st_uid : nil
    }

    var storeRoot: String { home + "/.local/share/berth" }
}

@Suite("Engine: berth as an unprivileged user (rootless store)",
       .enabled(if: RootlessUser.available, "needs root (to switch to an unprivileged user with setpriv), the built berth and busybox-static"))
struct RootlessTests {
    @Test("the default store is ~/.local/share/berth with run files under $XDG_RUNTIME_DIR/berth, vfs, owned by the user")
    func defaultPaths() throws {
        let session = try RootlessSession("paths")
        let tarball = try session.tarball()
        let imported = try session.berth("import", tarball, "rootless-box")
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(FileManager.default.fileExists(atPath: session.storeRoot + "/berth.db"))
        #expect(FileManager.default.fileExists(atPath: session.runtimeDir + "/berth"))
        #expect(session.owner(session.storeRoot) == session.uid)
        #expect(session.owner(session.storeRoot + "/berth.db") == session.uid)
        #expect(session.owner(session.runtimeDir + "/berth") == session.uid)
        #expect(FileManager.default.fileExists(atPath: session.storeRoot + "/vfs"))
        #expect(try session.berth("image", "inspect", "--format", "{{.GraphDriver.Name}}", "rootless-box").stdout == "vfs\n")

        // $XDG_DATA_HOME moves the store, as for Podman.
        let dataHome = session.home + "/data"
        let moved = try session.berth("images", "-q", environment: ["HOME=" + session.home, "XDG_RUNTIME_DIR=" + session.runtimeDir,
                                                                      "XDG_DATA_HOME=" + dataHome])
        #expect(moved.status == 0, "\(moved.stderr)")
        #expect(moved.stdout.isEmpty)
        #expect(FileManager.default.fileExists(atPath: dataHome + "/berth/berth.db"))
    }

    @Test("images, inspect, tag, untag, rmi, save and load (docker and oci archives) work without root")
    func imageVerbs() throws {
        let session = try RootlessSession("images")
        let tarball = try session.tarball()
        let id = try session.berth("import", "--change", "CMD=[\"/bin/sh\"]", tarball, "one").stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(id.count == 64)
        #expect(try session.berth("images", "--format", "{{.Repository}}:{{.Tag}}").stdout == "localhost/one:latest\n")
        let inspect = try session.berth("image", "inspect", "one")
        #expect(inspect.status == 0, "\(inspect.stderr)")
        let json = try JSONSerialization.jsonObject(with: Data(inspect.stdout.utf8)) as? [[String: Any]]
        #expect(json?.first?["Id"] as? String == id)

        #expect(try session.berth("tag", "one", "two:v2").status == 0)
        #expect(try session.berth("image", "exists", "two:v2").status == 0)
        #expect(try session.berth("untag", "one", "two:v2").status == 0)
        #expect(try session.berth("image", "exists", "two:v2").status == 1)

        for format in ["docker-archive", "oci-archive"] {
            let archive = session.home + "/saved-\(format).tar"
            let saved = try session.berth("save", "--format", format, "-o", archive, "one")
            #expect(saved.status == 0, "\(saved.stderr)")
            #expect(session.owner(archive) == session.uid)
            #expect(try session.berth("rmi", "one").status == 0)
            #expect(try session.berth("images", "-q").stdout.isEmpty)
            let loaded = try session.berth("load", "-i", archive)
            #expect(loaded.status == 0, "\(loaded.stderr)")
            #expect(try session.berth("images", "-q", "--no-trunc").stdout == "sha256:\(id)\n")
        }
        #expect(try session.berth("rmi", "-f", id).status == 0)
        #expect(try session.berth("images", "-q").stdout.isEmpty)
    }

    @Test("volume create/ls/inspect/exists/rm keep volumes under the user's store")
    func volumes() throws {
        let session = try RootlessSession("volumes")
        #expect(try session.berth("volume", "create", "--label", "a=b", "data").status == 0)
        #expect(try session.berth("volume", "ls", "--format", "{{.Name}}").stdout == "data\n")
        #expect(try session.berth("volume", "exists", "data").status == 0)
        let mountpoint = try session.berth("volume", "inspect", "--format", "{{.Mountpoint}}", "data").stdout
        #expect(mountpoint == session.storeRoot + "/volumes/data/_data\n")
        #expect(session.owner(session.storeRoot + "/volumes/data/_data") == session.uid)
        #expect(try session.berth("volume", "rm", "data").status == 0)
        #expect(try session.berth("volume", "exists", "data").status == 1)
    }

    @Test("what needs root fails with a message and Podman's status, not a crash, and leaves nothing behind")
    func clearErrors() throws {
        let session = try RootlessSession("errors")
        let tarball = try session.tarball()
        #expect(try session.berth("import", tarball, "box").status == 0)

        // Running containers without root needs user namespaces through
        // newuidmap: until berth does that, run must fail with an error
        // message and Podman's status (this test changes when it works).
        let run = try session.berth("run", "--rm", "box", "true")
        #expect(run.status == 125 && run.stderr.hasPrefix("Error: "), "\(run.stdout) \(run.stderr)")
        #expect(try session.berth("ps", "-a", "-q").stdout.isEmpty)

        // A volume that must be mounted (tmpfs) is refused when it is used.
        #expect(try session.berth("volume", "create", "--opt", "type=tmpfs", "--opt", "device=tmpfs", "scratch").status == 0)
        let mounted = try session.berth("run", "--rm", "-v", "scratch:/data", "box", "true")
        #expect(mounted.status == 125, "\(mounted.stdout) \(mounted.stderr)")
        #expect(mounted.stderr.hasPrefix("Error: "))
        #expect(try session.berth("volume", "rm", "-f", "scratch").status == 0)
    }

    @Test("without $HOME or with another user's run directory, berth refuses instead of using a shared place")
    func unsafeEnvironments() throws {
        let session = try RootlessSession("env")
        let noHome = try session.berth("images", environment: ["XDG_RUNTIME_DIR=" + session.runtimeDir])
        #expect(noHome.status == 125)
        #expect(noHome.stderr.contains("$HOME"), "\(noHome.stderr)")

        // A run root made by someone else (root here) is not used.
        let foreign = session.dir + "/foreign-run"
        try FileSystem.makeDirectories(foreign, mode: 0o777)
        chmod(foreign, 0o777)
        let refused = try session.berth("--runroot", foreign, "images")
        #expect(refused.status == 125)
        #expect(refused.stderr.contains(foreign), "\(refused.stderr)")
    }
}
