#if canImport(Glibc)
import Glibc
#endif
import CShim
import Foundation

/// How an attached session ended.
package enum AttachEnd: Equatable {
    /// The container exited with this code.
    case exited(Int32)
    /// The detach keys came on stdin: the container runs on.
    case detached
}

/// The foreground half of `run` / `start -a` / `attach`: copies the
/// monitor's attach records to our stdout/stderr (and, with -i, our stdin
/// to the container) until the monitor closes the socket.
package enum ContainerAttachSession {
    /// `--detach-keys` and `--sig-proxy` of a session.
    package struct Controls {
        package var detachKeys: DetachKeys
        package var proxySignals: Bool

        package init(detachKeys: DetachKeys, proxySignals: Bool) {
            self.detachKeys = detachKeys
            self.proxySignals = proxySignals
        }
    }

    /// Our stdin on its way to the container: the detach keys looked for.
    struct Input {
        var matcher: DetachKeys.Matcher

        /// Reads what stdin has and sends it; false once stdin is done
        /// (end of file, an error, or the detach keys: then `detached`).
        mutating func forward(to socketFd: Int32, buffer: inout [UInt8], detached: inout Bool) -> Bool {
            let n = read(0, &buffer, buffer.count)
            if n > 0 {
                let (pass, detach) = matcher.feed(buffer[0..<n])
                if !pass.isEmpty { _ = send(socketFd, pass, pass.count, Int32(MSG_NOSIGNAL)) }
                detached = detach
                return !detach
            }
            if n < 0 && (errno == EINTR || errno == EAGAIN) { return true }
            let held = matcher.flush()
            if !held.isEmpty { _ = send(socketFd, held, held.count, Int32(MSG_NOSIGNAL)) }
            shutdown(socketFd, Int32(SHUT_WR))
            return false
        }
    }

    /// Returns true when the detach keys ended it.
    static func pump(_ socketFd: Int32, forwardStdin: Bool, terminal: TerminalSession?,
                     detachKeys: DetachKeys, signals: SignalProxy?) -> Bool {
        var fds = [pollfd(fd: socketFd, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: forwardStdin ? 0 : -1, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: terminal?.winchFd ?? -1, events: Int16(POLLIN), revents: 0),
                   pollfd(fd: signals?.fd ?? -1, events: Int16(POLLIN), revents: 0)]
        var buffer = [UInt8](repeating: 0, count: 65536)
        var input = Input(matcher: DetachKeys.Matcher(detachKeys))
        var detached = false
        while fds[0].fd >= 0 {
            if poll(&fds, 4, -1) < 0 {
                if errno == EINTR { continue }
                return false
            }
            if fds[3].revents != 0 {
                signals?.forwardPending()
                fds[3].fd = signals?.fd ?? -1
            }
            if fds[2].revents != 0 { terminal?.windowChanged() }
            if fds[1].fd >= 0 && fds[1].revents != 0 {
                if !input.forward(to: socketFd, buffer: &buffer, detached: &detached) { fds[1].fd = -1 }
                if detached { return true }
            }
            if fds[0].revents != 0 {
                let n = recv(socketFd, &buffer, buffer.count, 0)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                if n > 1 {
                    let target: Int32 = buffer[0] == 3 ? 2 : 1
                    writeAll(target, buffer, from: 1, to: n)
                }
            }
        }
        return false
    }

    /// Follows a k8s-file log (through an fd opened before the container
    /// started, so `--rm` cleanup unlinking it does not matter) until the
    /// container's exit file appears (the monitor writes it after the last
    /// log line) or the adopted monitor exits; returns the exit status.
    /// Unlike the attach socket this never drops output. With `attachFd`,
    /// our stdin is copied to the container.
    ///
    /// No inotify here: closing an inotify instance waits for an SRCU grace
    /// period (0.3-22 ms measured), which would hold up every `run` at its
    /// end. The log is read again after 5 ms while output flows, backing
    /// off to 50 ms when quiet (10 ms on a terminal, for typing); the
    /// container's exit (a pidfd) starts a 1 ms watch for the exit file.
    /// With `detachKeys` on stdin, it returns `.detached`; nil: no exit status found.
    static func followLog(_ logFd: Int32, containerPid: Int32, monitorPid: Int32, exitFile: String, attachFd: Int32,
                          forwardStdin: Bool, terminal: TerminalSession? = nil,
                          detachKeys: DetachKeys, signals: SignalProxy? = nil) -> AttachEnd? {
        let sigfd = [SIGCHLD].withUnsafeBufferPointer { cshim_signalfd_for($0.baseAddress!, 1) }
        defer { if sigfd >= 0 { close(sigfd) } }
        var exitWatch = containerPid > 0 ? engine_pidfd_open(containerPid) : -1
        // ESRCH: it is gone already. (Without pidfds, the backoff finds the exit file.)
        var containerGone = exitWatch < 0 && errno == ESRCH
        defer { if exitWatch >= 0 { close(exitWatch) } }
        func exitCode() -> Int32? {
            guard let data = try? FileSystem.readFile(exitFile) else { return nil }
            return Int32(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        }
        var pending: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        var stdinOpen = forwardStdin && attachFd >= 0
        var input = Input(matcher: DetachKeys.Matcher(detachKeys))
        var detached = false
        let quietest: Int32 = terminal == nil ? 50 : 10
        var timeout: Int32 = 5

        /// Copies what the log has gained; whether it had anything.
        func drain() -> Bool {
            var grew = false
            while true {
                let n = read(logFd, &buffer, buffer.count)
                if n < 0 && errno == EINTR { continue }
                if n <= 0 { break }
                grew = true
                pending.append(contentsOf: buffer[0..<n])
            }
            var start = 0
            var out: [UInt8] = []
            var err: [UInt8] = []
            while let nl = pending[start...].firstIndex(of: 10) {
                emitRecord(pending[start..<nl], out: &out, err: &err)
                start = nl + 1
            }
            pending.removeFirst(start)
            if !out.isEmpty { writeAll(1, out, from: 0, to: out.count) }
            if !err.isEmpty { writeAll(2, err, from: 0, to: err.count) }
            return grew
        }

        while true {
            let grew = drain()
            if let code = exitCode() {
                _ = drain()
                return .exited(code)
            }
            var status: Int32 = 0
            let r = waitpid(monitorPid, &status, WNOHANG)
            if r == monitorPid {
                _ = drain()
                return .exited(cshim_wait_status_code(status))
            }
            if r < 0 && errno != EINTR { _ = drain(); return nil }
            timeout = containerGone ? 1 : grew ? 5 : min(timeout * 2, quietest)
            var fds = [pollfd(fd: sigfd, events: Int16(POLLIN), revents: 0), pollfd(fd: exitWatch, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: stdinOpen ? 0 : -1, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: terminal?.winchFd ?? -1, events: Int16(POLLIN), revents: 0),
                       pollfd(fd: signals?.fd ?? -1, events: Int16(POLLIN), revents: 0)]
            if poll(&fds, 5, timeout) < 0 && errno != EINTR { return nil }
            if fds[4].revents != 0 { signals?.forwardPending() }
            if fds[3].revents != 0 { terminal?.windowChanged() }
            if fds[0].revents != 0 { _ = cshim_signalfd_read(sigfd) }
            if fds[1].revents != 0 {
                close(exitWatch)
                exitWatch = -1
                containerGone = true
            }
            if fds[2].revents != 0 {
                stdinOpen = input.forward(to: attachFd, buffer: &buffer, detached: &detached)
                if detached { _ = drain(); return .detached }
            }
        }
    }

    /// `TS stream F|P content`: the content, with a newline for full lines.
    private static func emitRecord(_ record: ArraySlice<UInt8>, out: inout [UInt8], err: inout [UInt8]) {
        record.withUnsafeBytes { bytes in
            guard let r = LogRecord.k8sFile(bytes) else { return }
            if r.stderr {
                err.append(contentsOf: r.content)
                if !r.partial { err.append(10) }
            } else {
                out.append(contentsOf: r.content)
                if !r.partial { out.append(10) }
            }
        }
    }

    private static func writeAll(_ fd: Int32, _ bytes: [UInt8], from: Int, to: Int) {
        var offset = from
        bytes.withUnsafeBytes { raw in
            while offset < to {
                let n = write(fd, raw.baseAddress! + offset, to - offset)
                if n <= 0 { if errno == EINTR { continue }; return }
                offset += n
            }
        }
    }

    /// Waits for a monitor this process adopted (we are its subreaper) and
    /// returns its exit status, which is the container's.
    static func waitForAdoptedMonitor(_ pid: Int32) -> Int32? {
        guard pid > 0 else { return nil }
        var status: Int32 = 0
        while true {
            let r = waitpid(pid, &status, 0)
            if r == pid { return cshim_wait_status_code(status) }
            if r < 0 && errno == EINTR { continue }
            return nil
        }
    }

    package static func becomeSubreaper() {
        _ = cshim_set_child_subreaper(1)
    }

    /// Forwards to the container while attached, with `--sig-proxy`.
    static func signalProxy(_ c: Container, manager: ContainerManager, controls: Controls, terminal: TerminalSession?) -> SignalProxy? {
        guard controls.proxySignals else { return nil }
        return SignalProxy(terminal: terminal != nil) { signal in _ = try manager.kill(c.id, signal: signal) }
    }

    /// The foreground of `run` and `start -a`, on a container started with
    /// `attach: true`: its output (from the log where it has one), our stdin
    /// with `interactive`, until it exits (its exit code) or the detach keys
    /// come on stdin.
    package static func foreground(_ started: ContainerManager.Started, manager: ContainerManager, interactive: Bool,
                                   controls: Controls) throws -> AttachEnd {
        let c = started.container
        let terminal = TerminalSession(container: c, bundle: manager.bundle(c.id), interactive: interactive)
        defer { terminal?.end() }
        let signals = signalProxy(c, manager: manager, controls: controls, terminal: terminal)
        defer { signals?.end() }
        if started.logFd >= 0 {
            let end = followLog(started.logFd, containerPid: c.state.pid, monitorPid: c.state.monitorPid, exitFile: manager.exitFile(c.id),
                                attachFd: started.attachFd, forwardStdin: interactive, terminal: terminal,
                                detachKeys: controls.detachKeys, signals: signals)
            signals?.end()
            terminal?.end()
            close(started.logFd)
            if started.attachFd >= 0 { close(started.attachFd) }
            if let end { return end }
        } else if started.attachFd >= 0 {
            let detached = pump(started.attachFd, forwardStdin: interactive, terminal: terminal, detachKeys: controls.detachKeys, signals: signals)
            signals?.end()
            terminal?.end()
            close(started.attachFd)
            if detached { return .detached }
        }
        return .exited(try exitCode(c, manager: manager))
    }

    /// The container's exit code: the adopted monitor's status (it exits with
    /// the container's code after cleanup), else the recorded one.
    static func exitCode(_ c: Container, manager: ContainerManager) throws -> Int32 {
        if let code = ContainerAttachSession.waitForAdoptedMonitor(c.state.monitorPid) {
            return code
        }
        var current = try manager.load(c.id)
        _ = try manager.waitForExit(&current, timeout: nil)
        return current.state.exitCode
    }

    /// `attach`: a running container's output (and our stdin, unless
    /// `stdin` is false or it was not started with -i) until it exits
    /// (its exit code) or the detach keys come on stdin.
    package static func attach(_ nameOrID: String, manager: ContainerManager, stdin: Bool, controls: Controls) throws -> AttachEnd {
        var c = try manager.load(nameOrID)
        try manager.syncExit(&c)
        guard c.isRunning else {
            throw EngineError(.conflict, "you can only attach to running containers")
        }
        let fd = manager.connectAttach(manager.bundle(c.id))
        if fd < 0 { throw EngineError.system("cannot attach to container \(c.id)", errno) }
        defer { close(fd) }
        let forward = stdin && c.config.interactive
        let terminal = TerminalSession(container: c, bundle: manager.bundle(c.id), interactive: forward)
        let signals = signalProxy(c, manager: manager, controls: controls, terminal: terminal)
        let detached = pump(fd, forwardStdin: forward, terminal: terminal, detachKeys: controls.detachKeys, signals: signals)
        signals?.end()
        terminal?.end()
        if detached { return .detached }
        _ = try manager.waitForExit(&c, timeout: nil)
        return .exited(c.state.exitCode)
    }
}
