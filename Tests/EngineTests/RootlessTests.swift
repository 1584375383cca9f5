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
        if let entry = lookup() {
            giveSubordinateIDs()
            return entry
        }
        if let useradd = EngineTestSupport.which("useradd") {
            // Parallel test processes may race for /etc/passwd's lock.
            for _ in 0..<20 {
                _ = try? EngineTestSupport.run(useradd, ["--system", "--user-group", "--no-create-home",
                                                         "--home-dir", "/nonexistent", "--shell", "/usr/sbin/nologin", name])
                if let entry = lookup() {
                    giveSubordinateIDs()
                    return entry
                }
                usleep(100_000)
            }
        }
        return (fallbackID, fallbackID)
    }()

    /// Subordinate ids for the user's namespace (rootless berth refuses to
    /// run without them), added once with usermod.
    static let subordinateStart: UInt32 = 524_288
    private static func giveSubordinateIDs() {
        for file in ["/etc/subuid", "/etc/subgid"] {
            let text = (try? String(contentsOfFile: file, encoding: .utf8)) ?? ""
            if text.split(separator: "\n").contains(where: { $0.hasPrefix(name + ":") }) { continue }
            guard let usermod = EngineTestSupport.which("usermod") else { return }
            let range = "\(subordinateStart)-\(subordinateStart + 65_535)"
            _ = try? EngineTestSupport.run(usermod, [file == "/etc/subuid" ? "--add-subuids" : "--add-subgids", range, name])
        }
    }

    private static func lookup() -> (uid: UInt32, gid: UInt32)? {
        guard let entry = getpwnam(name) else { return nil }
        return (entry.pointee.pw_uid, entry.pointee.pw_gid)
    }

    static var available: Bool {
        EngineTestSupport.isRoot && EngineTestSupport.hasBerth && EngineTestSupport.hasBusybox
            && EngineTestSupport.which("setpriv") != nil
    }

    /// Containers too: newuidmap (Debian's uidmap) and a runtime.
    static var canRunContainers: Bool {
        available && FileManager.default.isExecutableFile(atPath: "/usr/bin/newuidmap")
            && (EngineTestSupport.which("runc") != nil || EngineTestSupport.which("crun") != nil)
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

    deinit {
        killPause()
        EngineTestSupport.cleanup(dir)
    }

    /// The pause process keeping this session's user namespace.
    var pausePid: pid_t? {
        (try? String(contentsOfFile: runtimeDir + "/berth/pause.pid", encoding: .utf8))
            .flatMap { pid_t($0.trimmingCharacters(in: .whitespacesAndNewlines)) }
    }

    func killPause() {
        if let pid = pausePid { kill(pid, SIGKILL) }
    }

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
    @Test("the default store is ~/.local/share/berth with run files under $XDG_RUNTIME_DIR/berth, owned by the user")
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
        // Overlay where the kernel lets a user namespace mount it (5.11 and
        // later, on most file systems), else vfs.
        let driver = try session.berth("image", "inspect", "--format", "{{.GraphDriver.Name}}", "rootless-box").stdout
        #expect(driver == "overlay\n" || driver == "vfs\n")
        #expect(FileManager.default.fileExists(atPath: session.storeRoot + "/" + driver.dropLast()))

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

    @Test("what the kernel or the host does not give a user fails with a message naming the fix, and leaves nothing behind")
    func clearErrors() throws {
        let session = try RootlessSession("errors")
        let tarball = try session.tarball()

        // No $XDG_RUNTIME_DIR: nowhere private for the namespace's pause process.
        let noRun = try session.berth("import", tarball, "box", environment: ["HOME=" + session.home])
        #expect(noRun.status == 125)
        #expect(noRun.stderr.contains("$XDG_RUNTIME_DIR is not set") && noRun.stderr.contains("loginctl enable-linger"), "\(noRun.stderr)")

        // A run directory another user can write is not trusted.
        let shared = session.dir + "/shared-run"
        try FileSystem.makeDirectories(shared + "/berth", mode: 0o777)
        chmod(shared + "/berth", 0o777)
        let foreign = try session.berth("images", environment: ["HOME=" + session.home, "XDG_RUNTIME_DIR=" + shared])
        #expect(foreign.status == 125)
        #expect(foreign.stderr.contains(shared + "/berth"), "\(foreign.stderr)")
        #expect(!FileManager.default.fileExists(atPath: shared + "/berth/pause.pid"))

        #expect(try session.berth("import", tarball, "box").status == 0)
        // Limits need a delegated cgroup, which a shell outside a systemd user service does not have.
        if RootlessUser.canRunContainers {
            let limited = try session.berth("run", "--rm", "--network", "none", "--memory", "10m", "box", "true")
            #expect(limited.status == 125)
            #expect(limited.stderr.contains("systemd user service"), "\(limited.stderr)")
            #expect(try session.berth("ps", "-a", "-q").stdout.isEmpty)
        }
    }

    @Test("a user without subordinate ids gets the usermod line that adds them, and no pause process",
          .enabled(if: RootlessUser.canRunContainers, "needs newuidmap and a runtime"))
    func noSubordinateIDs() throws {
        let session = try RootlessSession("nosubids")
        let stranger: UInt32 = 61_235  // no passwd entry, so no /etc/subuid line either
        let runDir = session.dir + "/stranger-run"
        let home = session.dir + "/stranger-home"
        for path in [runDir, home] {
            try FileSystem.makeDirectories(path)
            chown(path, stranger, stranger)
        }
        let result = try EngineTestSupport.run("/usr/bin/env", ["-i", "PATH=/usr/sbin:/usr/bin:/sbin:/bin", "HOME=" + home, "XDG_RUNTIME_DIR=" + runDir,
                                                                "/usr/bin/setpriv", "--reuid", "\(stranger)", "--regid", "\(stranger)", "--clear-groups",
                                                                session.berthPath, "images"])
        #expect(result.status == 125)
        #expect(result.stderr.contains("/etc/subuid") && result.stderr.contains("usermod --add-subuids"), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: runDir + "/berth/pause.pid"))
        let pauses = try EngineTestSupport.run("/usr/bin/pgrep", ["-u", "\(stranger)", "berth-pause"])
        #expect(pauses.stdout.isEmpty)
    }

    @Test("run, run -d, ps, logs, stop and rm work without root; the exit status and the output come through",
          .enabled(if: RootlessUser.canRunContainers, "needs newuidmap and a runtime"))
    func containers() throws {
        let session = try RootlessSession("run")
        #expect(try session.berth("import", try session.tarball(), "box").status == 0)
        let hello = try session.berth("run", "--rm", "--network", "none", "box", "sh", "-c", "echo hello; id -u; exit 3")
        #expect(hello.status == 3, "\(hello.stderr)")
        #expect(hello.stdout == "hello\n0\n")

        // The container's root is the user; ids from 1 on are the subordinate ones.
        let map = try session.berth("run", "--rm", "--network", "none", "box", "cat", "/proc/self/uid_map").stdout
        let rows = map.split(separator: "\n").map { $0.split(separator: " ").map(String.init) }
        #expect(rows.first == ["0", "\(session.uid)", "1"], "\(map)")
        #expect(rows.dropFirst().first == ["1", "\(RootlessUser.subordinateStart)", "65536"], "\(map)")

        let id = try session.berth("run", "-d", "--name", "bg", "--network", "none", "box", "sh", "-c", "echo started; sleep 60").stdout
            .trimmingCharacters(in: .whitespacesAndNewlines)
        #expect(id.count == 64)
        #expect(try session.berth("ps", "--format", "{{.Names}} {{.State}}").stdout == "bg running\n")
        var logs = ""
        for _ in 0..<50 where !logs.contains("started") {
            logs = try session.berth("logs", "bg").stdout
            usleep(100_000)
        }
        #expect(logs == "started\n")
        #expect(try session.berth("stop", "-t", "1", "bg").status == 0)
        #expect(try session.berth("ps", "-a", "--format", "{{.Names}} {{.State}}").stdout == "bg exited\n")
        #expect(try session.berth("rm", "bg").status == 0)
        #expect(try session.berth("ps", "-a", "-q").stdout.isEmpty)

        // Mounts the user's namespace may make: a tmpfs volume; host networking.
        #expect(try session.berth("volume", "create", "--opt", "type=tmpfs", "--opt", "device=tmpfs", "scratch").status == 0)
        let tmpfs = try session.berth("run", "--rm", "--network", "none", "-v", "scratch:/data", "box", "sh", "-c", "echo x > /data/f && cat /data/f")
        #expect(tmpfs.status == 0 && tmpfs.stdout == "x\n", "\(tmpfs.stderr)")
        let host = try session.berth("run", "--rm", "--network", "host", "box", "true")
        #expect(host.status == 0, "\(host.stderr)")
        #expect(try session.berth("run", "--rm", "--cgroups=disabled", "--network", "none", "box", "true").status == 0)
    }

    @Test("one pause process per user keeps the namespace: later commands join it, a new one replaces a killed one",
          .enabled(if: RootlessUser.canRunContainers, "needs newuidmap and a runtime"))
    func pauseProcess() throws {
        let session = try RootlessSession("pause")
        #expect(try session.berth("import", try session.tarball(), "box").status == 0)
        let first = try #require(session.pausePid)
        let comm = try String(contentsOfFile: "/proc/\(first)/comm", encoding: .utf8)
        #expect(comm == "berth-pause\n")
        #expect(session.owner("/proc/\(first)") == session.uid)
        #expect(try session.berth("run", "--rm", "--network", "none", "box", "true").status == 0)
        #expect(session.pausePid == first)
        // Every command sees the same namespace as the pause process.
        let inside = try session.berth("unshare", "readlink", "/proc/self/ns/user").stdout
        let pauseNS = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(first)/ns/user")
        #expect(inside == pauseNS + "\n")

        session.killPause()
        var waited = 0
        while kill(first, 0) == 0 && waited < 50 {
            usleep(20_000)
            waited += 1
        }
        let again = try session.berth("run", "--rm", "--network", "none", "box", "echo", "again")
        #expect(again.status == 0 && again.stdout == "again\n", "\(again.stderr)")
        #expect(session.pausePid != first)
    }

    @Test("--userns keep-id, keep-id:uid=,gid=, nomap and auto inside the user's namespace; unshare",
          .enabled(if: RootlessUser.canRunContainers, "needs newuidmap and a runtime"))
    func userNamespaceModes() throws {
        let session = try RootlessSession("userns")
        // keep-id runs the command as the user: the image's directories must
        // let others in (the test image's are 0700; most images' are 0755).
        let plain = try session.tarball()
        let open = session.dir + "/open-rootfs"
        try FileSystem.makeDirectories(open)
        _ = try EngineTestSupport.run("/bin/tar", ["-xf", plain, "-C", open])
        let tarball = session.dir + "/open.tar"
        _ = try EngineTestSupport.run("/bin/tar", ["--numeric-owner", "--mode=go+rX", "-cf", tarball, "-C", open, "."])
        chmod(tarball, 0o644)
        #expect(try session.berth("import", tarball, "box").status == 0)
        let kept = try session.berth("run", "--rm", "--network", "none", "--userns", "keep-id", "box", "sh", "-c", "id")
        // The user gets a passwd and group entry, as in Podman (so `id` names them).
        #expect(kept.stdout.hasPrefix("uid=\(session.uid)(") && kept.stdout.contains(" gid=\(session.gid)("), "\(kept.stdout) \(kept.status) \(kept.stderr)")
        let chosen = try session.berth("run", "--rm", "--network", "none", "--userns", "keep-id:uid=5,gid=6", "box", "sh", "-c", "id")
        #expect(chosen.stdout.hasPrefix("uid=5(") && chosen.stdout.contains(" gid=6("), "\(chosen.stdout) \(chosen.stderr)")
        // nomap: the user's own id is not in the container at all, so its
        // root cannot walk through the user's 0700 directories to the store.
        let walled = try session.berth("run", "--rm", "--network", "none", "--userns", "nomap", "box", "true")
        #expect(walled.status == 125 && walled.stderr.contains("chmod o+x \(session.home)"), "\(walled.stderr)")
        chmod(session.home, 0o711)
        chmod(session.runtimeDir, 0o711)
        let nomap = try session.berth("run", "--rm", "--network", "none", "--userns", "nomap", "box", "cat", "/proc/self/uid_map")
        #expect(nomap.stdout.split(separator: "\n").count == 1 && nomap.stdout.contains(" 1 "), "\(nomap.stdout) \(nomap.stderr)")
        let auto = try session.berth("run", "--rm", "--network", "none", "--userns", "auto", "box", "cat", "/proc/self/uid_map")
        #expect(auto.stdout.hasSuffix(" 1024\n"), "\(auto.stdout) \(auto.stderr)")
        let outside = try session.berth("run", "--rm", "--network", "none", "--userns", "keep-id:uid=70000", "box", "true")
        #expect(outside.status == 125 && outside.stderr.contains("outside"), "\(outside.stderr)")

        #expect(try session.berth("unshare", "id", "-u").stdout == "0\n")
        #expect(try session.berth("unshare", "sh", "-c", "echo $CONTAINERS_GRAPHROOT").stdout == session.storeRoot + "\n")
        let asRoot = try EngineTestSupport.run(session.berthPath, ["unshare", "true"])
        #expect(asRoot.status == 125 && asRoot.stderr.contains("please use unshare with rootless"))
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
