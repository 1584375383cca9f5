#if canImport(Glibc)
import Glibc
#endif
import CShim
import Foundation

/// berth started by an ordinary user: it runs in a user namespace made from
/// the user's ranges in /etc/subuid and /etc/subgid (written by the setuid
/// `newuidmap`/`newgidmap`), together with a mount namespace, both kept
/// alive by one pause process per user whose pid is in
/// `$XDG_RUNTIME_DIR/berth/pause.pid`. CShim's constructor joins them before
/// the Swift runtime starts (see berth_rootless.h); the first command, when
/// there is nothing to join, makes the pause process and executes itself
/// again to join it. Inside, berth is uid 0 with every capability over what
/// the user owns, and nothing more.
public enum Rootless {
    /// Started by a user other than root (then `geteuid()` says 0 once in the namespace).
    public static let isActive: Bool = berth_rootless_active() != 0
    /// The user as the host sees it.
    package static let hostUID: uid_t = isActive ? berth_rootless_host_uid() : 0
    package static let hostGID: gid_t = isActive ? berth_rootless_host_gid() : 0

    package static var inNamespace: Bool { berth_rootless_in_namespace() != 0 }

    static let reexecVariable = "_BERTH_ROOTLESS_REEXEC"

    /// `$XDG_RUNTIME_DIR`, or an error saying how to get one.
    static func runtimeDirectory() throws -> String {
        guard let value = getenv("XDG_RUNTIME_DIR"), value.pointee == UInt8(ascii: "/") else {
            throw EngineError.invalid("$XDG_RUNTIME_DIR is not set: rootless berth keeps its user namespace and run files there. Log in through a session that sets it (systemd-logind; for services without a login: loginctl enable-linger \(userName)), or point it at a directory only you can use: export XDG_RUNTIME_DIR=/run/user/\(hostUID)")
        }
        return String(cString: value)
    }

    static var userName: String {
        guard let entry = getpwuid(hostUID) else { return String(hostUID) }
        return String(cString: entry.pointee.pw_name)
    }

    /// Puts this process in the user's namespace: nothing to do when the
    /// constructor joined it (or when berth runs as root); else makes the
    /// pause process (unless another berth just did) and executes this
    /// command again, which joins it. Errors leave no pause process and no
    /// pid file behind.
    package static func enterNamespace() throws {
        guard isActive else { return }
        if inNamespace {
            unsetenv(reexecVariable)
            if berth_rootless_join_usec() > 0 { EngineLog.debug("Joined the rootless user namespace in \(berth_rootless_join_usec()) µs") }
            return
        }
        // Only the berth executable joins (its constructor runs before any thread).
        guard berth_rootless_entry_enabled() != 0 else { return }
        if getenv(reexecVariable) != nil {
            let stage = berth_rootless_join_stage().map { String(cString: $0) } ?? "join"
            throw EngineError(.system, "cannot join the rootless user namespace: \(stage): \(String(cString: strerror(berth_rootless_join_errno())))")
        }
        let directory = try runtimeDirectory() + "/berth"
        try ownDirectory(directory)
        let lock = try FileLock(path: directory + "/pause.lock")
        try lock.lock()
        defer { lock.unlock() }
        let pidFile = directory + "/pause.pid"
        if let pid = try livePause(pidFile) {
            EngineLog.debug("Joining pause process \(pid)")
        } else {
            let pid = try makePause()
            try FileSystem.writeFileAtomically(pidFile, Data("\(pid)\n".utf8), mode: 0o600)
            EngineLog.debug("Made the rootless user namespace: pause process \(pid)")
            moveOutOfService(pid)
        }
        lock.unlock()
        try reexecute()
    }

    /// The pause process named by the pid file, when it is still there.
    private static func livePause(_ pidFile: String) throws -> pid_t? {
        guard let data = try FileSystem.readFileIfPresent(pidFile),
              let pid = pid_t(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)), pid > 0,
              let comm = try? FileSystem.readFile("/proc/\(pid)/comm"),
              String(decoding: comm, as: UTF8.self) == "berth-pause\n" else { return nil }
        // A pause process that was killed but not yet reaped has no namespaces left.
        var st = stat()
        guard stat("/proc/\(pid)", &st) == 0, st.st_uid == hostUID, access("/proc/\(pid)/ns/mnt", F_OK) == 0 else { return nil }
        return pid
    }

    /// The run directory must be the user's own: another user's (or a
    /// shared one) would let them choose the namespace berth joins.
    private static func ownDirectory(_ path: String) throws {
        if mkdir(path, 0o700) != 0 && errno != EEXIST { throw EngineError.system("cannot create \(path)", errno) }
        var st = stat()
        guard lstat(path, &st) == 0 else { throw EngineError.system("cannot read \(path)", errno) }
        guard (st.st_mode & S_IFMT) == S_IFDIR, st.st_uid == hostUID, st.st_mode & 0o022 == 0 else {
            throw EngineError(.conflict, "\(path) is not a directory that only uid \(hostUID) can write: set $XDG_RUNTIME_DIR to a directory of your own")
        }
    }

    /// The namespace's id maps: the user's own id as 0, then each range of
    /// theirs in /etc/subuid (/etc/subgid) from 1 on.
    static func idMaps() throws -> (uids: [String], gids: [String]) {
        func maps(_ file: String, own: UInt32, kind: String) throws -> [String] {
            let ranges = UserNamespaceConfig.subordinateRanges(userName, file: file)
            guard !ranges.isEmpty else {
                throw EngineError.invalid("no subordinate \(kind)s for user \(userName) (uid \(hostUID)) in \(file): rootless berth maps them into its user namespace. Ask an administrator to add a range: usermod --add-subuids 100000-165535 --add-subgids 100000-165535 \(userName)")
            }
            var words = ["0", String(own), "1"]
            var next: UInt64 = 1
            for range in ranges {
                words += [String(next), String(range.start), String(range.count)]
                next += UInt64(range.count)
            }
            return words
        }
        return (try maps("/etc/subuid", own: hostUID, kind: "uid"), try maps("/etc/subgid", own: hostGID, kind: "gid"))
    }

    static func helper(_ name: String) throws -> String {
        for dir in ["/usr/bin", "/bin", "/usr/sbin", "/sbin"] where access(dir + "/" + name, X_OK) == 0 {
            return dir + "/" + name
        }
        throw EngineError.notFound("\(name) not found: rootless berth needs it to map your subordinate ids (install the uidmap package: apt-get install uidmap)")
    }

    /// Forks the pause process and writes its id maps; kills it on any failure.
    private static func makePause() throws -> pid_t {
        let maps = try idMaps()
        let newuidmap = try helper("newuidmap")
        let newgidmap = try helper("newgidmap")
        var ready: Int32 = -1, go: Int32 = -1, err: Int32 = 0
        let pid = berth_rootless_fork_pause(&ready, &go, &err)
        guard pid > 0 else { throw EngineError.system("cannot start the rootless pause process", err) }
        defer { close(ready); close(go) }
        func abandon() {
            kill(pid, SIGKILL)
            _ = ChildProcess.wait(pid)
        }
        var byte: UInt8 = 0
        while read(ready, &byte, 1) < 0 && errno == EINTR {}
        guard byte == UInt8(ascii: "R") else {
            abandon()
            throw EngineError(.system, "cannot create a user namespace (unshare CLONE_NEWUSER was refused): check that user namespaces are enabled (sysctl user.max_user_namespaces, kernel.unprivileged_userns_clone)")
        }
        for (tool, words) in [(newuidmap, maps.uids), (newgidmap, maps.gids)] {
            let result: ChildProcess.Output
            do { result = try ChildProcess.run([tool, String(pid)] + words) } catch {
                abandon()
                throw error
            }
            guard result.status == 0 else {
                abandon()
                let why = result.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
                throw EngineError(.system, "\((tool as NSString).lastPathComponent) \(pid) \(words.joined(separator: " ")) failed: \(why.isEmpty ? "exit status \(result.status)" : why) (check the ranges of \(userName) in /etc/subuid and /etc/subgid, and that \(tool) is setuid root)")
            }
        }
        var go1 = UInt8(ascii: "1")
        guard write(go, &go1, 1) == 1 else {
            abandon()
            throw EngineError.system("cannot start the rootless pause process", errno)
        }
        return pid
    }

    /// Under a systemd user manager the pause process would die with the
    /// service that happened to make it (taking the namespace's mounts):
    /// it moves to a scope of its own, as Podman's does.
    private static func moveOutOfService(_ pid: pid_t) {
        guard let run = getenv("XDG_RUNTIME_DIR").map({ String(cString: $0) }), FileSystem.exists(run + "/bus"),
              let busctl = try? helper("busctl") else { return }
        let unit = "berth-pause-\(pid).scope"
        let result = try? ChildProcess.run([busctl, "--user", "call", "--quiet", "org.freedesktop.systemd1", "/org/freedesktop/systemd1",
                                            "org.freedesktop.systemd1.Manager", "StartTransientUnit", "ssa(sv)a(sa(sv))",
                                            unit, "fail", "2", "PIDs", "au", "1", String(pid), "Description", "s", "berth rootless pause process", "0"])
        if result?.status != 0 { EngineLog.debug("Could not move the pause process to \(unit): \(result?.stderr ?? "")") }
    }

    /// Executes this command again (same arguments and environment), now
    /// with a pause process to join.
    private static func reexecute() throws -> Never {
        setenv(reexecVariable, "1", 1)
        var argc: Int32 = 0
        execv("/proc/self/exe", berth_startup_argv(&argc))
        throw EngineError.system("cannot execute /proc/self/exe again to join the rootless user namespace", errno)
    }

    /// `berth unshare`: replaces this process with `command` (default: the
    /// user's shell) in the namespace, the store's paths in
    /// CONTAINERS_GRAPHROOT and CONTAINERS_RUNROOT as Podman sets them.
    package static func execute(_ command: [String], store: StoreOptions) throws -> Never {
        guard isActive else { throw EngineError.invalid("please use unshare with rootless") }
        try enterNamespace()
        setenv("CONTAINERS_GRAPHROOT", store.root, 1)
        setenv("CONTAINERS_RUNROOT", store.runRoot, 1)
        let argv = command.isEmpty ? [getenv("SHELL").map { String(cString: $0) } ?? "/bin/sh"] : command
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        execvp(argv[0], &cArgs)
        throw EngineError(.notFound, "cannot run \(argv[0]): \(String(cString: strerror(errno)))", exitCode: errno == ENOENT ? 127 : 126)
    }

    /// The command line, read where glibc hands it to constructors.
    package static var arguments: [String] {
        var argc: Int32 = 0
        guard let argv = berth_startup_argv(&argc) else { return CommandLine.arguments }
        return (0..<Int(argc)).map { String(cString: argv[$0]!) }
    }

    /// The user namespace's identity (its inode), to tell a new one from
    /// the one the run root's state was made in.
    static var namespaceIdentity: String {
        var st = stat()
        return stat("/proc/self/ns/user", &st) == 0 ? "\(st.st_ino)" : ""
    }
}
