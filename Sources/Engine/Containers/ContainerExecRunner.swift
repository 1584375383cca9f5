#if canImport(Glibc)
import Glibc
#endif
import CShim
import Foundation

/// `runtime exec` with a process.json written from the container's config.
package enum ContainerExecRunner {
    /// `privileged`: Podman's `exec --privileged`, every capability of berth's
    /// bounding set for the process (effective and permitted too when it runs
    /// as root); the container's seccomp filter and devices stay.
    package static func run(_ c: Container, manager: ContainerManager, args: [String], env: [String], user: String?, workdir: String?,
                    interactive: Bool, tty: Bool, quiet: Bool = false, detach: Bool = false, privileged: Bool = false) throws -> Int32 {
        guard c.isRunning, c.state.status != .paused else {
            throw EngineError(.conflict, "can only create exec sessions on running containers: container state improper")
        }
        let exec = try prepare(c, manager: manager, name: "exec", detach: detach) { process in
            process.args = args
            process.terminal = tty
            for e in env {
                let key = e.split(separator: "=", maxSplits: 1).first.map(String.init) ?? e
                process.env.removeAll { $0.hasPrefix(key + "=") }
                process.env.append(e.contains("=") ? e : e + "=" + (ProcessInfo.processInfo.environment[e] ?? ""))
            }
            if let workdir { process.cwd = workdir }
            if let user {
                let rootfs = c.record.layerId.map { manager.store.layers.mergedPath($0) } ?? "/"
                let resolved = try ContainerUser.resolve(user: user, groupAdd: [], rootfs: rootfs)
                process.user = .init(uid: resolved.uid, gid: resolved.gid, additionalGids: resolved.additionalGids.isEmpty ? nil : resolved.additionalGids)
                if resolved.uid != 0 {
                    process.capabilities?.effective = []
                    process.capabilities?.permitted = []
                }
            }
            if privileged {
                let all = RuntimeSpecBuilder.currentBoundingSet()
                var caps = process.capabilities ?? .init(bounding: [], effective: [], inheritable: [], permitted: [], ambient: [])
                caps.bounding = all
                if process.user.uid == 0 {
                    caps.effective = all
                    caps.permitted = all
                }
                process.capabilities = caps
            }
        }
        defer { unlink(exec.processFile) }
        if exec.runtimeName == "runc", let command = exec.process.args.first {
            let check = ExecCommandCheck(root: "/proc/\(c.state.pid)/root").check(command, cwd: exec.process.cwd, env: exec.process.env)
            if case .failed(let message, _) = check {
                throw ExecStartFailure(runtime: exec.runtimeName, message: message).engineError
            }
        }
        // The runtime's own errors go to a log of their own, so a command
        // that cannot start is told apart from one that exits 255.
        let log = exec.processFile + ".log"
        defer { unlink(log) }
        var argv = exec.argv
        argv.insert(contentsOf: ["--log", log, "--log-format", "json"], at: 1)
        var fds: [(Int32, Int32)] = quiet ? [] : [(1, 1), (2, 2)]
        if interactive || tty { fds.append((0, 0)) }
        let pid = try ChildProcess.spawn(argv, fds: fds, environment: exec.environment)
        let status = ChildProcess.wait(pid)
        if status != 0, let failure = try ExecStartFailure(runtime: exec.runtimeName, log: log) {
            throw failure.engineError
        }
        return status
    }

    /// A `runtime exec` ready to spawn: its process.json (the caller
    /// unlinks it), the runtime's arguments and environment.
    struct Prepared {
        var processFile: String
        var argv: [String]
        var environment: [String]
        /// What the process file holds, and the runtime that runs it.
        var process: RuntimeSpec.Process
        var runtimeName: String
    }

    /// Writes `<bundle>/<name>-<random>.json` from the container's spec
    /// process as `edit` changes it. Exec sessions and healthchecks both
    /// start here.
    static func prepare(_ c: Container, manager: ContainerManager, name: String, detach: Bool = false,
                        edit: (inout RuntimeSpec.Process) throws -> Void) throws -> Prepared {
        let runtime = try manager.currentRuntime(c)
        var process = try manager.specProcess(c)
        // runc sizes (and resizes) an exec's terminal from ours itself.
        process.consoleSize = nil
        try edit(&process)
        let processFile = manager.bundle(c.id) + "/" + name + "-" + FileSystem.randomHex(6) + ".json"
        try FileSystem.writeFileAtomically(processFile, try JSONEncoder().encode(process))
        // The runtime must not see our NOTIFY_SOCKET: it would hand it to the process.
        return Prepared(processFile: processFile, argv: runtime.execArguments(c.id, processFile: processFile, detach: detach),
                        environment: ChildProcess.environment(removing: ["NOTIFY_SOCKET"]), process: process, runtimeName: runtime.name)
    }
}
