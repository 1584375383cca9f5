#if canImport(Glibc)
import Glibc
#endif
import CShim
import Foundation

/// Starting and waiting for helper programs (the OCI runtime, the monitor)
/// through CShim's spawn helper, never through a Swift-level fork.
package enum ChildProcess {
    package struct Output {
        package var status: Int32
        package var stdout: String
        package var stderr: String
    }

    /// Starts `argv` with `fds` (source in this process, number in the child);
    /// unnamed stdio goes to /dev/null. `environment` nil keeps ours.
    static func spawn(_ argv: [String], fds: [(Int32, Int32)] = [], environment: [String]? = nil, newSession: Bool = false) throws -> pid_t {
        try spawn(argv, fds: fds, environment: environment, newSession: newSession, cgroup: nil).pid
    }

    /// The same, the child born in the cgroup v2 directory open as `cgroup`
    /// when the kernel allows it (`placed`), else where we are.
    static func spawn(_ argv: [String], fds: [(Int32, Int32)] = [], environment: [String]? = nil, newSession: Bool = false,
                      cgroup: Int32?) throws -> (pid: pid_t, placed: Bool) {
        EngineLog.debug("Running \(argv.joined(separator: " "))")
        var cArgs: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) }
        cArgs.append(nil)
        var cEnv: [UnsafeMutablePointer<CChar>?] = (environment ?? []).map { strdup($0) }
        cEnv.append(nil)
        defer { for p in cArgs + cEnv { free(p) } }
        var maps = fds.map { cshim_fd_map(src: $0.0, dst: $0.1) }
        var err: Int32 = 0
        var placed: Int32 = 0
        let pid = cArgs.withUnsafeMutableBufferPointer { a in
            cEnv.withUnsafeMutableBufferPointer { e in
                maps.withUnsafeMutableBufferPointer { m in
                    var o = cshim_spawn_options()
                    o.path = UnsafePointer(a[0])
                    o.argv = UnsafePointer(a.baseAddress)
                    o.envp = environment == nil ? nil : UnsafePointer(e.baseAddress)
                    o.fds = UnsafePointer(m.baseAddress)
                    o.nfds = m.count
                    o.null_stdio = 1
                    o.close_other_fds = 1
                    o.new_session = newSession ? 1 : 0
                    if let cgroup {
                        o.into_cgroup = 1
                        o.cgroup_fd = cgroup
                    }
                    return cshim_spawn_placed(&o, &err, &placed)
                }
            }
        }
        if pid < 0 { throw EngineError.system("cannot run \(argv[0])", err) }
        return (pid, placed != 0)
    }

    /// Exit status as a shell reports it (128+N for signal N).
    static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0 {
            if errno != EINTR { return -1 }
        }
        return cshim_wait_status_code(status)
    }

    /// Runs `argv` to completion, collecting stdout and stderr (drained while it runs).
    package static func run(_ argv: [String], environment: [String]? = nil, stdinFd: Int32 = -1, passStdout: Bool = false) throws -> Output {
        var outPipe: [Int32] = [-1, -1]
        var errPipe: [Int32] = [-1, -1]
        guard pipe(&outPipe) == 0, pipe(&errPipe) == 0 else { throw EngineError.system("pipe", errno) }
        for fd in outPipe + errPipe { _ = fcntl(fd, F_SETFD, FD_CLOEXEC) }
        var fds: [(Int32, Int32)] = [(passStdout ? 1 : outPipe[1], 1), (errPipe[1], 2)]
        if stdinFd >= 0 { fds.append((stdinFd, 0)) }
        let pid: pid_t
        do { pid = try spawn(argv, fds: fds, environment: environment) } catch {
            for fd in outPipe + errPipe { close(fd) }
            throw error
        }
        close(outPipe[1])
        close(errPipe[1])
        let (out, err) = drain(outPipe[0], errPipe[0])
        close(outPipe[0])
        close(errPipe[0])
        let status = wait(pid)
        return Output(status: status, stdout: String(decoding: out, as: UTF8.self), stderr: String(decoding: err, as: UTF8.self))
    }

    /// Reads two descriptors to EOF at once, so neither fills up.
    private static func drain(_ a: Int32, _ b: Int32) -> ([UInt8], [UInt8]) {
        var bufs: [[UInt8]] = [[], []]
        var fds = [pollfd(fd: a, events: Int16(POLLIN), revents: 0), pollfd(fd: b, events: Int16(POLLIN), revents: 0)]
        var chunk = [UInt8](repeating: 0, count: 16384)
        var open = 2
        while open > 0 {
            if poll(&fds, 2, -1) < 0 { if errno == EINTR { continue }; break }
            for i in 0..<2 where fds[i].fd >= 0 && fds[i].revents != 0 {
                let n = read(fds[i].fd, &chunk, chunk.count)
                if n > 0 { bufs[i].append(contentsOf: chunk[0..<n]) } else if n == 0 || errno != EINTR {
                    fds[i].fd = -1
                    open -= 1
                }
            }
        }
        return (bufs[0], bufs[1])
    }

    /// The environment without the variables a child must not inherit.
    static func environment(removing names: Set<String>, adding extra: [String] = []) -> [String] {
        var env: [String] = []
        var p = environ
        while let entry = p.pointee {
            let s = String(cString: entry)
            let name = s.split(separator: "=", maxSplits: 1).first.map(String.init) ?? s
            if !names.contains(name) { env.append(s) }
            p += 1
        }
        return env + extra
    }

    /// True while a process with this pid exists (zombies included).
    static func isAlive(_ pid: Int32) -> Bool {
        pid > 0 && (kill(pid, 0) == 0 || errno == EPERM)
    }
}
