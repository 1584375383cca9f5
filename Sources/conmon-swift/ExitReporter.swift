import CShim

/// Everything that happens once the container's exit code is known:
/// exit files, the exit command.
struct ExitReporter {
    let options: Options

    /// `--exit-dir D` → `D/<cid>`, `--persist-dir D` → `D/exit`; ASCII decimal,
    /// no newline, written atomically.
    func writeExitFiles(code: Int32) {
        let text = "\(code)"
        if !options.exitDir.isEmpty && !Sys.writeFileAtomically(options.exitDir + "/" + options.cid, text) {
            Diagnostics.warn("cannot write exit file in \(options.exitDir): \(Sys.errnoName(Sys.errno))")
        }
        if !options.persistDir.isEmpty && !Sys.writeFileAtomically(options.persistDir + "/exit", text) {
            Diagnostics.warn("cannot write exit file in \(options.persistDir): \(Sys.errnoName(Sys.errno))")
        }
    }

    func writeOomFiles() {
        if !options.persistDir.isEmpty { Sys.writeFileAtomically(options.persistDir + "/oom", "") }
        Sys.writeFileAtomically(options.bundle + "/oom", "")
    }

    /// Runs `--exit-command` with only fds 0-2 and waits for it, so systemd
    /// does not kill it as a leftover when the monitor exits.
    func runExitCommand() {
        guard !options.exitCommand.isEmpty else { return }
        _ = cshim_set_child_subreaper(0)
        let request = SpawnRequest(argv: [options.exitCommand] + options.exitCommandArgs)
        let (pid, err) = spawn(request)
        if pid < 0 {
            Diagnostics.warn("cannot run exit command \(options.exitCommand): \(Sys.errnoName(err))")
            return
        }
        _ = waitFor(pid)
    }
}
