#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// An OCI runtime binary (`crun` or `runc`) and the state directory Berth
/// gives it, so its containers never mix with Podman's.
public struct OCIRuntime: Sendable {
    public var path: String
    /// `--root` for the runtime: its per-boot container state.
    public var stateRoot: String

    /// `crun`, `runc`: the binary's name.
    public var name: String { (path as NSString).lastPathComponent }

    public var globalArguments: [String] { ["--root=" + stateRoot] }

    /// crun can run a container without any cgroup (`--cgroup-manager=disabled`);
    /// runc always creates one.
    public var supportsNoCgroups: Bool { name.hasPrefix("crun") }

    /// The runtime named or pathed by `--runtime`, else crun where it works
    /// on this host, else runc. The automatic choice is probed once per boot
    /// and remembered under the run root.
    public static func select(requested: String?, runRoot: String) throws -> OCIRuntime {
        if let requested, !requested.isEmpty {
            guard let path = which(requested) else {
                throw EngineError(.notFound, "could not find OCI runtime \"\(requested)\": no such file or directory")
            }
            return OCIRuntime(path: path, runRoot: runRoot)
        }
        let choiceFile = runRoot + "/runtime"
        if let data = try? FileSystem.readFile(choiceFile), let path = String(data: data, encoding: .utf8), FileSystem.exists(path) {
            return OCIRuntime(path: path, runRoot: runRoot)
        }
        var chosen: String?
        if let crun = which("crun"), crunWorks(crun, scratch: runRoot) { chosen = crun }
        if chosen == nil { chosen = which("runc") ?? which("crun") }
        guard let path = chosen else {
            throw EngineError(.notFound, "no OCI runtime found: install runc or crun")
        }
        try? FileSystem.makeDirectories(runRoot)
        try? FileSystem.writeFileAtomically(choiceFile, Data(path.utf8))
        return OCIRuntime(path: path, runRoot: runRoot)
    }

    static func which(_ name: String) -> String? {
        if name.contains("/") { return FileManager.default.isExecutableFile(atPath: name) ? name : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? ""
        for dir in path.split(separator: ":").map(String.init) + ["/usr/bin", "/usr/sbin", "/usr/local/bin", "/usr/libexec/berth"] {
            let candidate = dir + "/" + name
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// crun refuses hybrid cgroup hosts, and where it cannot raise
    /// RLIMIT_MEMLOCK it cannot install the device filter: so it is tried on
    /// a pure cgroup v2 host with a throw-away container running /bin/true.
    static func crunWorks(_ crun: String, scratch: String) -> Bool {
        guard CgroupInfo.isUnified else { return false }
        guard FileManager.default.isExecutableFile(atPath: "/bin/true") else { return false }
        let dir = scratch + "/crun-probe-\(getpid())"
        defer { try? FileSystem.removeTree(dir) }
        do {
            try FileSystem.makeDirectories(dir)
            let spec = """
            {"ociVersion":"1.0.2","process":{"user":{"uid":0,"gid":0},"args":["/bin/true"],"cwd":"/","env":["PATH=/bin"]},
            "root":{"path":"/","readonly":true},"mounts":[{"destination":"/proc","type":"proc","source":"proc"}],
            "linux":{"namespaces":[{"type":"pid"},{"type":"mount"},{"type":"ipc"},{"type":"uts"}],
            "resources":{"devices":[{"allow":false,"access":"rwm"}]}}}
            """
            try FileSystem.writeFileAtomically(dir + "/config.json", Data(spec.utf8))
            let id = "berth-probe-\(getpid())"
            let result = try ChildProcess.run([crun, "--root=" + dir + "/state", "run", "--bundle", dir, id])
            _ = try? ChildProcess.run([crun, "--root=" + dir + "/state", "delete", "--force", id])
            return result.status == 0
        } catch {
            return false
        }
    }

    private func invoke(_ arguments: [String]) throws -> ChildProcess.Output {
        // The runtime must not see our NOTIFY_SOCKET: it would hand it to the container.
        try ChildProcess.run([path] + globalArguments + arguments, environment: ChildProcess.environment(removing: ["NOTIFY_SOCKET", "LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES"]))
    }

    private static func message(_ output: ChildProcess.Output) -> String {
        var text = output.stderr.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty { text = output.stdout.trimmingCharacters(in: .whitespacesAndNewlines) }
        return text.isEmpty ? "exit status \(output.status)" : text
    }

    public func start(_ id: String) throws {
        let r = try invoke(["start", id])
        if r.status != 0 { throw EngineError(.system, "\(name) start \(id): \(OCIRuntime.message(r))") }
    }

    /// Sends `signal` to the container's init (or, with `all`, to every process).
    /// Returns false if the runtime no longer knows the container or it is stopped.
    @discardableResult
    public func kill(_ id: String, signal: Int32, all: Bool = false) throws -> Bool {
        let r = try invoke(["kill"] + (all ? ["--all"] : []) + [id, String(signal)])
        if r.status == 0 { return true }
        let text = OCIRuntime.message(r)
        if text.contains("not running") || text.contains("does not exist") || text.contains("container not running") || text.contains("not exist") {
            return false
        }
        throw EngineError(.system, "\(name) kill \(id): \(text)")
    }

    /// Forgets the container; missing containers are not an error.
    public func delete(_ id: String, force: Bool = true) throws {
        let r = try invoke(["delete"] + (force ? ["--force"] : []) + [id])
        if r.status == 0 { return }
        let text = OCIRuntime.message(r)
        if text.contains("does not exist") || text.contains("not exist") || text.contains("no such") { return }
        throw EngineError(.system, "\(name) delete \(id): \(text)")
    }

    /// What the runtime says of the container: its status (`created`,
    /// `running`, `paused`, `stopped`) and its init's pid; nil when the
    /// runtime does not know it.
    public func state(_ id: String) throws -> (status: String, pid: Int32)? {
        let r = try invoke(["state", id])
        if r.status != 0 {
            let text = OCIRuntime.message(r)
            if text.contains("does not exist") || text.contains("not exist") || text.contains("no such") { return nil }
            throw EngineError(.system, "\(name) state \(id): \(text)")
        }
        struct Report: Decodable {
            var status: String
            var pid: Int32?
        }
        do {
            let report = try JSONDecoder().decode(Report.self, from: Data(r.stdout.utf8))
            return (report.status, report.pid ?? 0)
        } catch {
            throw EngineError(.system, "\(name) state \(id): unreadable output \(r.stdout.debugDescription)")
        }
    }

    /// True if the runtime has state for `id` on disk.
    public func knows(_ id: String) -> Bool {
        FileSystem.exists(stateRoot + "/" + id)
    }

    /// `runtime exec`: runs a process described by `processFile` in the container.
    func execArguments(_ id: String, processFile: String, detach: Bool = false) -> [String] {
        [path] + globalArguments + ["exec", "--process", processFile] + (detach ? ["--detach"] : []) + [id]
    }
}

extension OCIRuntime {
    /// The runtime at `path`, with its state in `<runRoot>/<name>`.
    init(path: String, runRoot: String) {
        self.init(path: path, stateRoot: runRoot + "/" + (path as NSString).lastPathComponent)
    }
}
