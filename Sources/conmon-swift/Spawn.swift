import CShim

/// A child to start through CShim's spawn helper.
struct SpawnRequest {
    var argv: [String]
    /// (fd in the monitor, fd in the child)
    var fds: [(Int32, Int32)] = []
    var newSession = false
    var parentDeathSignal: Int32 = 0
}

/// Starts a child with the signal mask and handlers reset, no stray fds, and
/// the exec errno reported back. Returns the pid or the errno.
func spawn(_ request: SpawnRequest) -> (pid: Int32, error: Int32) {
    var cArgs: [UnsafeMutablePointer<CChar>?] = request.argv.map { $0.withCString { strdup($0) } }
    cArgs.append(nil)
    defer { for p in cArgs { free(p) } }
    var maps = request.fds.map { cshim_fd_map(src: $0.0, dst: $0.1) }
    var err: Int32 = 0
    let pid: Int32 = cArgs.withUnsafeMutableBufferPointer { argv in
        maps.withUnsafeMutableBufferPointer { fdMap in
            var options = cshim_spawn_options()
            options.path = UnsafePointer(argv[0])
            options.argv = UnsafePointer(argv.baseAddress)
            options.fds = UnsafePointer(fdMap.baseAddress)
            options.nfds = fdMap.count
            options.null_stdio = 1
            options.close_other_fds = 1
            options.new_session = request.newSession ? 1 : 0
            options.parent_death_signal = request.parentDeathSignal
            return cshim_spawn(&options, &err)
        }
    }
    return (pid, err)
}

/// Waits for one specific child, retrying EINTR; returns its raw status.
func waitFor(_ pid: Int32) -> Int32 {
    var status: Int32 = 0
    while waitpid(pid, &status, 0) < 0 {
        if Sys.errno != EINTR { return -1 }
    }
    return status
}
