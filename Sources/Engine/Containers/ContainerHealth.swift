#if canImport(Glibc)
import Glibc
#endif
import CShim
import Foundation

/// A container's healthcheck results, in Podman's `inspect` shape
/// (`State.Health`), kept in `healthcheck.log` in its data directory.
public struct HealthState: Codable, Sendable {
    public var Status: String
    public var FailingStreak: Int
    public var Log: [Entry]

    public struct Entry: Codable, Sendable {
        public var Start: String
        public var End: String
        public var ExitCode: Int32
        public var Output: String
    }

    public static let starting = "starting"
    public static let healthy = "healthy"
    public static let unhealthy = "unhealthy"
    /// Podman keeps the last five results.
    static let maxLog = 5
    /// ...and up to this many bytes of each one's output.
    static let maxOutput = 500

    public init(Status: String = HealthState.starting, FailingStreak: Int = 0, Log: [Entry] = []) {
        self.Status = Status
        self.FailingStreak = FailingStreak
        self.Log = Log
    }
}

/// What `--health-on-failure` does once a container turns unhealthy.
public enum HealthFailureAction: String, Codable, Sendable, CaseIterable {
    case none, kill, restart, stop
}

/// Runs healthchecks and records their results. The monitor runs
/// `berth healthcheck run ID` every interval (a timerfd in its event loop),
/// so checks run with or without systemd and stop with the container.
public struct ContainerHealthChecker {
    public let manager: ContainerManager

    public init(manager: ContainerManager) { self.manager = manager }

    /// Podman's places: the container's directory, or `<dir>/<id>-healthcheck.log`.
    func stateFile(_ c: Container) -> String {
        if let dir = c.config.health?.logDirectory { return dir + "/" + c.id + "-healthcheck.log" }
        return manager.dataDirectory(c.id) + "/healthcheck.log"
    }

    /// The recorded results (nil: no healthcheck configured).
    public func state(_ c: Container) -> HealthState? {
        guard c.config.health != nil else { return nil }
        guard let data = try? FileSystem.readFile(stateFile(c)),
              let state = try? JSONDecoder().decode(HealthState.self, from: data) else { return HealthState() }
        return state
    }

    /// How far a startup healthcheck got (`--health-startup-*`).
    struct StartupProgress: Codable {
        var passed = false
        var successes = 0
        var failures = 0
    }

    func startupFile(_ c: Container) -> String { manager.dataDirectory(c.id) + "/healthcheck-startup.json" }

    func startupProgress(_ c: Container) -> StartupProgress {
        guard let data = try? FileSystem.readFile(startupFile(c)),
              let progress = try? JSONDecoder().decode(StartupProgress.self, from: data) else { return StartupProgress() }
        return progress
    }

    /// A (re)started container is `starting` again.
    func reset(_ c: Container) {
        // A container's healthcheck is fixed at create: without one there is nothing to reset.
        guard c.config.health != nil else { return }
        unlink(startupFile(c))
        try? FileSystem.makeDirectories((stateFile(c) as NSString).deletingLastPathComponent)
        try? write(HealthState(), for: c)
    }

    /// The lock over the container's health files, held. A check that
    /// ends after its container was removed finds it gone and removes the
    /// lock file its wait made again (`rm` removed the first).
    private func stateLock(_ c: Container) throws -> FileLock {
        let lock = try manager.store.objectLock("health-" + c.id)
        try lock.lock(exclusive: true)
        do {
            _ = try manager.store.containers.lookup(c.id)
        } catch let error as EngineError where error.kind == .notFound {
            unlink(lock.path)
            lock.unlock()
            throw error
        }
        return lock
    }

    private func write(_ state: HealthState, for c: Container) throws {
        try FileSystem.writeFileAtomically(stateFile(c), try JSONEncoder().encode(state))
    }

    public enum Outcome: Equatable {
        case healthy, unhealthy
        /// Failed within the start period: not counted.
        case starting
    }

    /// Runs the check once inside the container, records it, and applies
    /// `--health-on-failure` when the container turns unhealthy.
    public func run(_ nameOrID: String) throws -> Outcome {
        var c = try manager.load(nameOrID)
        try manager.syncExit(&c)
        guard let health = c.config.health else {
            throw EngineError(.invalidArgument, "container \(c.name) has no defined healthcheck", exitCode: 125)
        }
        guard c.isRunning, c.state.status == .running else {
            throw EngineError(.conflict, "container \(c.name) is not running", exitCode: 125)
        }
        if let startup = health.startup, !startupProgress(c).passed {
            return try runStartup(c, health: health, startup: startup)
        }
        let start = Timestamp.now()
        let (code, output) = try execute(c, test: health.test, timeout: health.timeout)
        let end = Timestamp.now()

        let lock = try stateLock(c)
        defer { lock.unlock() }
        var state = self.state(c) ?? HealthState()
        let inStartPeriod = health.startPeriod > 0 && start < (c.state.startedAt ?? start) + health.startPeriod
        var outcome: Outcome
        if code == 0 {
            outcome = .healthy
            state.Status = HealthState.healthy
            state.FailingStreak = 0
        } else if inStartPeriod && state.Status != HealthState.healthy {
            outcome = .starting
        } else {
            state.FailingStreak += 1
            outcome = state.Status == HealthState.unhealthy ? .unhealthy : .starting
            if state.FailingStreak >= max(1, health.retries) {
                state.Status = HealthState.unhealthy
                outcome = .unhealthy
            } else if state.Status == HealthState.healthy {
                // Podman: still healthy until the retries run out.
                outcome = .healthy
            }
        }
        append(&state, health: health, start: start, end: end, code: code, output: output)
        try write(state, for: c)
        lock.unlock()

        if state.Status == HealthState.unhealthy && code != 0 {
            try onFailure(c, action: health.onFailure ?? .none)
        }
        return outcome
    }

    private func append(_ state: inout HealthState, health: ContainerConfiguration.HealthCheck, start: Double, end: Double, code: Int32, output: String) {
        var text = output
        let maxSize = health.maxLogSize ?? HealthState.maxOutput
        if maxSize > 0 && text.utf8.count > maxSize { text = String(decoding: Array(text.utf8.prefix(maxSize)), as: UTF8.self) }
        state.Log.append(.init(Start: Timestamp.rfc3339(start), End: Timestamp.rfc3339(end), ExitCode: code, Output: text))
        let maxCount = health.maxLogCount ?? HealthState.maxLog
        if maxCount > 0 && state.Log.count > maxCount { state.Log.removeFirst(state.Log.count - maxCount) }
    }

    /// One startup check: the status stays `starting`; enough consecutive
    /// passes switch the monitor to the regular checks, too many failures
    /// (`--health-startup-retries`, 0: never) restart the container.
    private func runStartup(_ c: Container, health: ContainerConfiguration.HealthCheck, startup: ContainerConfiguration.StartupCheck) throws -> Outcome {
        let start = Timestamp.now()
        let (code, output) = try execute(c, test: startup.test, timeout: startup.timeout)
        let end = Timestamp.now()
        let lock = try stateLock(c)
        defer { lock.unlock() }
        var state = self.state(c) ?? HealthState()
        append(&state, health: health, start: start, end: end, code: code, output: output)
        try write(state, for: c)
        var progress = startupProgress(c)
        if code == 0 {
            progress.successes += 1
            progress.failures = 0
            progress.passed = progress.successes >= max(1, startup.successes)
        } else {
            progress.failures += 1
            progress.successes = 0
        }
        try FileSystem.writeFileAtomically(startupFile(c), try JSONEncoder().encode(progress))
        lock.unlock()
        if progress.passed {
            // The monitor's timer: from the startup interval to the regular one (0: none).
            let fd = open(manager.bundle(c.id) + "/ctl", O_WRONLY | O_NONBLOCK | O_CLOEXEC)
            if fd >= 0 {
                let line = Array("3 \(Int((health.interval * 1000).rounded())) 0\n".utf8)
                _ = Glibc.write(fd, line, line.count)
                close(fd)
            }
        } else if code != 0 && startup.retries > 0 && progress.failures >= startup.retries {
            try onFailure(c, action: .restart)
        }
        return .starting
    }

    private func onFailure(_ c: Container, action: HealthFailureAction) throws {
        switch action {
        case .none: break
        case .kill: _ = try? manager.kill(c.id, signal: SIGKILL)
        case .stop: _ = try manager.stop(c.id, timeout: nil)
        case .restart:
            _ = try manager.stop(c.id, timeout: nil)
            var restarted = try manager.start(c.id)
            restarted.container.state.restartCount += 1
            try? manager.save(restarted.container)
        }
    }

    /// `runtime exec` of the test, its output collected, killed after `timeout` seconds.
    func execute(_ c: Container, test: [String], timeout: Double) throws -> (Int32, String) {
        let exec = try ContainerExecRunner.prepare(c, manager: manager, name: "health") { process in
            process.args = test
            process.terminal = false
        }
        defer { unlink(exec.processFile) }
        var fds: [Int32] = [-1, -1]
        guard pipe(&fds) == 0 else { throw EngineError.system("pipe", errno) }
        _ = fcntl(fds[0], F_SETFD, FD_CLOEXEC)
        let pid: pid_t
        do {
            pid = try ChildProcess.spawn(exec.argv, fds: [(fds[1], 1), (fds[1], 2)], environment: exec.environment)
        } catch {
            close(fds[0]); close(fds[1])
            throw error
        }
        close(fds[1])
        defer { close(fds[0]) }
        var output: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 4096)
        let deadline = Timestamp.now() + (timeout > 0 ? timeout : 30)
        var timedOut = false
        var signalled = 0
        while true {
            let remaining = deadline - Timestamp.now()
            if remaining <= 0 {
                // runc forwards SIGTERM to the check; SIGKILL if it ignores it.
                if signalled == 0 { kill(pid, SIGTERM) } else if signalled == 10 { kill(pid, SIGKILL) }
                signalled += 1
                timedOut = true
            }
            var pfd = pollfd(fd: fds[0], events: Int16(POLLIN), revents: 0)
            let wait = remaining > 0 ? Int32(min(remaining, 1) * 1000) + 1 : 100
            let r = poll(&pfd, 1, wait)
            if r < 0 && errno == EINTR { continue }
            if r > 0 {
                let n = read(fds[0], &buffer, buffer.count)
                if n > 0 {
                    if output.count < 64 * 1024 { output += buffer[0..<n] }
                    continue
                }
                if n == 0 { break }
            }
        }
        var status = ChildProcess.wait(pid)
        if timedOut && status == 0 { status = 1 }
        var text = String(decoding: output, as: UTF8.self)
        if timedOut { text = "healthcheck command exceeded timeout of \(Int(timeout))s" }
        while text.hasSuffix("\n") { text.removeLast() }
        return (status, text)
    }

    /// For `--sdnotify=healthy`: waits until the container is healthy, then
    /// calls `healthy` (before the watch is closed: closing an inotify
    /// instance waits for an SRCU grace period, which READY=1 need not);
    /// false if it exits first. With an interval the monitor runs the checks
    /// and this watches their results (inotify on the results file and the
    /// exits directory), as Podman watches its timer's; with
    /// `--health-interval disable` it runs them itself, once a second.
    public func waitUntilHealthy(_ c: Container, then healthy: () throws -> Void) throws -> Bool {
        guard let health = c.config.health else {
            try healthy()
            return true
        }
        let file = stateFile(c)
        let watch = inotify_init1(Int32(IN_CLOEXEC | IN_NONBLOCK))
        defer { if watch >= 0 { close(watch) } }
        if watch >= 0 && health.interval > 0 {
            _ = inotify_add_watch(watch, (file as NSString).deletingLastPathComponent, UInt32(IN_MOVED_TO | IN_CREATE | IN_CLOSE_WRITE))
            _ = inotify_add_watch(watch, manager.exitsDirectory, UInt32(IN_MOVED_TO | IN_CREATE | IN_CLOSE_WRITE))
        }
        while true {
            if health.interval > 0 ? state(c)?.Status == HealthState.healthy : (try? run(c.id)) == .healthy {
                try healthy()
                return true
            }
            var current = try manager.load(c.id)
            try manager.syncExit(&current)
            if !current.isRunning { return false }
            if health.interval > 0 && watch >= 0 {
                // The timeout only re-checks a monitor that died without an exit file.
                var pfd = pollfd(fd: watch, events: Int16(POLLIN), revents: 0)
                _ = poll(&pfd, 1, 1000)
                var buffer = [UInt8](repeating: 0, count: 4096)
                while read(watch, &buffer, buffer.count) > 0 {}
            } else {
                usleep(health.interval > 0 ? 100_000 : 1_000_000)
            }
        }
    }
}
