import CShim

/// `runtime [global args] create ...` (or `run --detach ...` with
/// `--start-container`): the only runtime command the monitor runs.
struct RuntimeCreate {
    let options: Options
    var consoleSocket: String?

    var argv: [String] {
        var a = [options.runtime]
        if options.systemdCgroup { a.append("--systemd-cgroup") }
        a += options.runtimeArgs
        a += options.startContainer ? ["run", "--detach"] : ["create"]
        a += ["--bundle", options.bundle, "--pid-file", options.containerPidFile]
        if options.noPivot { a.append("--no-pivot") }
        if options.noNewKeyring { a.append("--no-new-keyring") }
        if options.preserveFds > 0 { a += ["--preserve-fds", "\(options.preserveFds)"] }
        if let socket = consoleSocket { a += ["--console-socket", socket] }
        a.append(options.cid)
        return a
    }

    /// The descriptors passed through at their own numbers (`--preserve-fds`).
    var preservedFds: [Int32] {
        options.preserveFds > 0 ? (0..<Int32(options.preserveFds)).map { 3 + $0 } : []
    }

    /// Runs the runtime with the given stdio and waits for it.
    /// Returns the runtime's exit code, or the spawn errno as a message.
    func run(stdin: Int32, stdout: Int32, stderr: Int32) -> (code: Int32, spawnError: String?) {
        var request = SpawnRequest(argv: argv)
        request.parentDeathSignal = SIGKILL
        if stdin >= 0 { request.fds.append((stdin, 0)) }
        if stdout >= 0 { request.fds.append((stdout, 1)) }
        if stderr >= 0 { request.fds.append((stderr, 2)) }
        for fd in preservedFds { request.fds.append((fd, fd)) }
        let (pid, err) = spawn(request)
        if pid < 0 {
            return (-1, "cannot run \(options.runtime): \(Sys.errnoName(err))")
        }
        let status = waitFor(pid)
        return (cshim_wait_status_code(status), nil)
    }
}
