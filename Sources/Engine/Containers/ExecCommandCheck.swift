#if canImport(Glibc)
import Glibc
#endif

/// Finds an exec session's command in the running container's root (its
/// init's `/proc/PID/root`, symlinks resolved inside it) before the runtime
/// is asked: a command that does not exist or cannot run fails with
/// Podman's message and status (127, 126), and the runtime's own complaint
/// never mixes into the command's standard error.
struct ExecCommandCheck {
    /// `/proc/PID/root` of the container's init.
    var root: String

    enum Outcome: Equatable {
        case found
        /// runc's words for why the command cannot start, and the status.
        case failed(String, Int32)
        /// The container's root cannot be read from here (the runtime decides).
        case unknown
    }

    func check(_ command: String, cwd: String, env: [String]) -> Outcome {
        let prefix = "exec failed: unable to start container process: exec: \"\(command)\": "
        if command.contains("/") {
            let path = command.hasPrefix("/") ? command : cwd + "/" + command
            switch resolve(path) {
            case .failure(let error) where error.code == ENOENT || error.code == ENOTDIR:
                return .failed(prefix + "stat \(command): no such file or directory", 127)
            case .failure:
                return .unknown
            case .success(let info):
                return isExecutable(info) ? .found : .failed(prefix + "permission denied", 126)
            }
        }
        let searchPath = env.last { $0.hasPrefix("PATH=") }.map { String($0.dropFirst(5)) } ?? ""
        for dir in searchPath.split(separator: ":", omittingEmptySubsequences: false) {
            let base = dir.isEmpty ? "." : String(dir)
            switch resolve((base.hasPrefix("/") ? base : cwd + "/" + base) + "/" + command) {
            case .success(let info) where isExecutable(info): return .found
            case .failure(let error) where error.code != ENOENT && error.code != ENOTDIR && error.code != ELOOP: return .unknown
            default: continue
            }
        }
        return .failed(prefix + "executable file not found in $PATH", 127)
    }

    private func isExecutable(_ info: stat) -> Bool {
        (info.st_mode & S_IFMT) == S_IFREG && (info.st_mode & 0o111) != 0
    }

    private func resolve(_ path: String) -> Result<stat, PathInRoot.LookupError> {
        switch PathInRoot.resolve(path, in: root) {
        case .failure(let error): return .failure(error)
        case .success(let host):
            var info = stat()
            guard stat(host, &info) == 0 else { return .failure(PathInRoot.LookupError(errno)) }
            return .success(info)
        }
    }
}
