#if canImport(Glibc)
import Glibc
#endif
import CShim
import Foundation

/// Launches `conmon-swift` over the sync and start pipes of the monitor
/// spec: it detaches, runs `runtime create`, and reports the container PID.
struct MonitorLauncher {
    var monitorPath: String
    var arguments: [String]
    /// Extra environment for the monitor (NOTIFY_SOCKET is always removed).
    var environment: [String] = []
    var pidFile: String
    /// A cgroup v2 directory the monitor should start in.
    var cgroupDirectory: String?
    /// fds 3..<3+N passed to the monitor at the same numbers (`--preserve-fds`);
    /// the sync pipes follow them, as with Podman and C conmon.
    var preservedFds: Int32 = 0

    struct Started {
        var monitorPid: Int32
        var containerPid: Int32
        /// The monitor started in `cgroupDirectory`.
        var placed = false
    }

    /// `conmon-swift` next to the running `berth`, else the installed one.
    static func locate() throws -> String {
        if let env = ProcessInfo.processInfo.environment["BERTH_CONMON"], FileManager.default.isExecutableFile(atPath: env) { return env }
        let exe = (try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")) ?? CommandLine.arguments[0]
        let dir = (exe as NSString).deletingLastPathComponent
        for candidate in [dir + "/conmon-swift", "/usr/libexec/berth/conmon-swift", "/usr/local/libexec/berth/conmon-swift"]
        where FileManager.default.isExecutableFile(atPath: candidate) {
            return candidate
        }
        throw EngineError(.notFound, "conmon-swift not found next to \(exe) or in /usr/libexec/berth")
    }

    /// Starts the monitor and waits for the runtime's `create` to finish.
    /// A failed create throws with the runtime's message.
    func launch(inheritStdio: Bool = false) throws -> Started {
        var sync: [Int32] = [-1, -1]
        var start: [Int32] = [-1, -1]
        let type = Int32(SOCK_SEQPACKET.rawValue) | Int32(SOCK_CLOEXEC.rawValue)
        guard socketpair(AF_UNIX, type, 0, &sync) == 0 else { throw EngineError.system("socketpair", errno) }
        defer { close(sync[0]) }
        guard socketpair(AF_UNIX, type, 0, &start) == 0 else { close(sync[1]); throw EngineError.system("socketpair", errno) }
        defer { close(start[0]) }
        let env = ChildProcess.environment(removing: ["NOTIFY_SOCKET", "_OCI_SYNCPIPE", "_OCI_STARTPIPE", "LISTEN_FDS", "LISTEN_PID", "LISTEN_FDNAMES"],
                                           adding: ["_OCI_SYNCPIPE=\(3 + preservedFds)", "_OCI_STARTPIPE=\(4 + preservedFds)"] + environment)
        var fds: [(Int32, Int32)] = (0..<preservedFds).map { (3 + $0, 3 + $0) } + [(sync[1], 3 + preservedFds), (start[1], 4 + preservedFds)]
        if inheritStdio { fds += [(0, 0), (1, 1), (2, 2)] }
        let launcher: pid_t
        let placed: Bool
        let cgroup = cgroupDirectory.map { open($0, O_RDONLY | O_DIRECTORY | O_CLOEXEC) } ?? -1
        defer { if cgroup >= 0 { close(cgroup) } }
        do {
            // The launcher's child, the monitor, stays in the cgroup it is born in.
            (launcher, placed) = try ChildProcess.spawn([monitorPath] + arguments, fds: fds, environment: env,
                                                        cgroup: cgroup >= 0 ? cgroup : nil)
        } catch {
            close(sync[1]); close(start[1])
            throw error
        }
        close(sync[1])
        close(start[1])
        var zero: UInt8 = 0
        _ = write(start[0], &zero, 1)
        let launcherStatus = ChildProcess.wait(launcher)
        if launcherStatus != 0 {
            throw EngineError(.system, "conmon-swift failed to start (exit status \(launcherStatus))")
        }
        let monitorPid = (try? FileSystem.readFile(pidFile)).flatMap { Int32(String(decoding: $0, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) } ?? -1
        var buffer = [UInt8](repeating: 0, count: 65536)
        var n = 0
        repeat { n = read(sync[0], &buffer, buffer.count) } while n < 0 && errno == EINTR
        guard n > 0 else {
            throw EngineError(.system, "conmon-swift exited before reporting the container's pid")
        }
        let object = (try? JSONSerialization.jsonObject(with: Data(buffer[0..<n]))) as? [String: Any]
        let pid = (object?["data"] as? NSNumber)?.int32Value ?? -1
        if pid <= 0 {
            let message = (object?["message"] as? String) ?? "the OCI runtime failed to create the container"
            throw RuntimeCreateError(message: message)
        }
        return Started(monitorPid: monitorPid, containerPid: pid, placed: placed)
    }
}

/// `runtime create` failed; the message is the runtime's own. Podman's exit
/// statuses: 127 when the command does not exist, 126 when it cannot be run.
struct RuntimeCreateError: Error {
    var message: String

    var exitCode: Int32 {
        let m = message.lowercased()
        if m.contains("executable file not found") || m.contains("no such file or directory") && m.contains("exec") { return 127 }
        if m.contains("permission denied") && m.contains("exec") { return 126 }
        return 125
    }

    /// The runtime's own words, without its logrus decoration
    /// (`time="..." level=error msg="..."`).
    var cleanMessage: String {
        guard let start = message.range(of: "msg=\"") else { return message }
        var text = String(message[start.upperBound...])
        if text.hasSuffix("\"") { text.removeLast() }
        return text.replacingOccurrences(of: "\\\"", with: "\"")
    }

    var engineError: EngineError {
        var text = cleanMessage
        switch exitCode {
        case 127: text += ": OCI runtime attempted to invoke a command that was not found"
        case 126: text += ": OCI permission denied"
        default: break
        }
        return EngineError(.system, text, exitCode: exitCode)
    }
}
