import CShim

/// One container's monitor: owns its stdio, logs, sockets and exit code.
/// Single-threaded; everything happens in `run()`'s epoll loop.
final class Monitor {
    static let chunkSize = 8192
    static let pipeCapacity: Int32 = 1024 * 1024

    let options: Options
    private let loop = EventLoop()
    private var sync: SyncPipe
    private var inherited: InheritedFds
    private var bundle: BundleDir
    private var sinks: LogSinks
    private var signalFd: Int32 = -1
    private var attach: AttachServer?
    private var fifos: ControlFifos
    private var notify: NotifyRelay?
    private var oom: OomWatcher?
    private var timerFd: Int32 = -1
    private var healthTimerFd: Int32 = -1
    /// The running healthcheck, if any (never two at once).
    private var healthPid: Int32 = -1

    /// Container output: pipes, or the pty master in terminal mode.
    private var stdoutFd: Int32 = -1
    private var stderrFd: Int32 = -1
    /// Container input (pipe write end or pty master); -1 when closed.
    private var stdinFd: Int32 = -1
    private var terminalMaster: Int32 = -1

    private var containerPid: Int32 = -1
    private var exitCode: Int32 = -1

    /// `[stream byte][up to chunkSize bytes]`: logged from offset 1, sent to
    /// attach clients whole.
    private let chunk = UnsafeMutablePointer<UInt8>.allocate(capacity: Monitor.chunkSize + 1)
    /// Attach input not yet accepted by the container's stdin.
    private let pendingInput = UnsafeMutablePointer<UInt8>.allocate(capacity: Monitor.chunkSize)
    private var pendingStart = 0
    private var pendingEnd = 0

    init(options: Options, sync: SyncPipe, inherited: InheritedFds, bundle: BundleDir) {
        self.options = options
        self.sync = sync
        self.inherited = inherited
        self.bundle = bundle
        self.sinks = LogSinks(options: options)
        self.fifos = ControlFifos(bundle: bundle)
    }

    // MARK: start

    /// Creates the container and runs until it exits; never returns.
    func run() -> Never {
        signalFd = [SIGCHLD, SIGTERM, SIGINT, SIGQUIT].withUnsafeBufferPointer {
            cshim_signalfd_for($0.baseAddress!, Int32($0.count))
        }
        if let error = sinks.openError { failCreate(error) }
        attach = AttachServer(bundle: bundle)
        if attach == nil { failCreate("cannot create attach socket in \(options.bundle): \(Sys.errnoName(Sys.errno))") }
        if !options.sdNotifySocket.isEmpty {
            notify = NotifyRelay(bundle: bundle, hostSocket: options.sdNotifySocket)
            if notify == nil { failCreate("cannot create notify socket in \(options.bundle)/notify: \(Sys.errnoName(Sys.errno))") }
        }

        createContainer()
        sync.reportPid(containerPid)

        loop.add(signalFd, Source.signals.rawValue)
        if stdoutFd >= 0 { loop.add(stdoutFd, Source.stdout.rawValue) }
        if stderrFd >= 0 { loop.add(stderrFd, Source.stderr.rawValue) }
        if let attach { loop.add(attach.listenFd, Source.attachListener.rawValue) }
        if fifos.ctlFd >= 0 { loop.add(fifos.ctlFd, Source.ctl.rawValue) }
        if fifos.winszFd >= 0 { loop.add(fifos.winszFd, Source.winsz.rawValue) }
        if let notify { loop.add(notify.fd, Source.notify.rawValue) }
        let watcher = OomWatcher(containerPid: containerPid, startedAlready: options.startContainer)
        oom = watcher
        if watcher.fd >= 0 { loop.add(watcher.fd, Source.oom.rawValue) }
        if options.timeout > 0 { armTimeout() }
        if options.healthcheckInterval > 0 && !options.healthcheckCommand.isEmpty { armHealthcheck() }

        cshim_release_free_memory()
        // The container may already be gone (and reaped by nobody yet).
        reapChildren()
        let events = UnsafeMutablePointer<cshim_epoll_event>.allocate(capacity: 32)
        while exitCode < 0 {
            let n = loop.wait(events, max: 32)
            // New attach clients first: a client that connected before output
            // in the same wake-up must not miss that output.
            for i in 0..<n where events[i].data == Source.attachListener.rawValue {
                handle(events[i])
            }
            for i in 0..<n where events[i].data != Source.attachListener.rawValue {
                handle(events[i])
                if exitCode >= 0 { break }
            }
        }
        finish()
    }

    /// stdio, `runtime create`, then the container pid from the pid file.
    private func createContainer() {
        var runtimeIn: Int32 = -1
        var runtimeOut: Int32 = -1
        var runtimeErr: Int32 = -1
        var errorSource: Int32 = -1
        var console: ConsoleSocket? = nil

        if options.terminal {
            console = ConsoleSocket()
            if console == nil { failCreate("cannot create console socket: \(Sys.errnoName(Sys.errno))") }
            guard let errPipe = Sys.pipe() else { failCreate("cannot create pipe: \(Sys.errnoName(Sys.errno))") }
            runtimeErr = errPipe.write
            errorSource = errPipe.read
        } else if options.hasPassthrough {
            runtimeIn = passthroughFds.0
            runtimeOut = passthroughFds.1
            runtimeErr = passthroughFds.2
        } else {
            guard let out = Sys.pipe(), let err = Sys.pipe() else {
                failCreate("cannot create pipe: \(Sys.errnoName(Sys.errno))")
            }
            // Room for bursts: a chatty container blocks on a full pipe far
            // less often (the kernel caps this at fs.pipe-max-size).
            for fd in [out.read, err.read] { _ = cshim_fcntl_int(fd, F_SETPIPE_SZ, Monitor.pipeCapacity) }
            stdoutFd = out.read
            stderrFd = err.read
            runtimeOut = out.write
            runtimeErr = err.write
            errorSource = err.read
            if options.stdin {
                guard let input = Sys.pipe(nonBlockingRead: false) else {
                    failCreate("cannot create pipe: \(Sys.errnoName(Sys.errno))")
                }
                runtimeIn = input.read
                stdinFd = input.write
                Sys.nonBlocking(stdinFd)
            }
        }

        var create = RuntimeCreate(options: options)
        create.consoleSocket = console?.path
        let (code, spawnError) = create.run(stdin: runtimeIn, stdout: runtimeOut, stderr: runtimeErr)
        // The container holds its own copies now (of the preserved ones too).
        for fd in [runtimeIn, runtimeOut, runtimeErr] + create.preservedFds { Sys.close(fd) }
        if options.hasPassthrough { passthroughFds = (-1, -1, -1) }

        if let spawnError { failCreate(spawnError) }
        if code != 0 {
            var message = errorSource >= 0 ? drainText(errorSource) : ""
            if message.isEmpty { message = "\(options.runtime) \(options.startContainer ? "run" : "create") failed with exit code \(code)" }
            console?.remove()
            failCreate(message)
        }
        if options.terminal, let console {
            terminalMaster = console.receiveMaster()
            Sys.close(errorSource)
            if terminalMaster < 0 { failCreate("the runtime sent no terminal: \(Sys.errnoName(Sys.errno))") }
            Sys.nonBlocking(terminalMaster)
            stdoutFd = terminalMaster
            // A separate descriptor, so epoll can watch input and output apart.
            if options.stdin { stdinFd = cshim_fcntl_int(terminalMaster, F_DUPFD_CLOEXEC, 3) }
        }
        guard let pidText = Sys.readFile(options.containerPidFile), let pid = parseInt(pidText), pid > 0 else {
            failCreate("cannot read container pid from \(options.containerPidFile)")
        }
        containerPid = Int32(pid)
    }

    private func failCreate(_ message: String) -> Never {
        Diagnostics.warn(message)
        sync.reportFailure(message)
        exit(1)
    }

    /// Whatever is readable now from a non-blocking fd, as text (at most 8 KiB).
    private func drainText(_ fd: Int32) -> String {
        var bytes: [UInt8] = []
        while bytes.count < 8192 {
            let n = Sys.read(fd, chunk, Monitor.chunkSize)
            if n <= 0 { break }
            bytes.append(contentsOf: UnsafeBufferPointer(start: chunk, count: n))
        }
        while let last = bytes.last, last == 10 || last == 32 { bytes.removeLast() }
        return String(decoding: bytes, as: UTF8.self)
    }

    private func armTimeout() {
        timerFd = makeTimer(ms: options.timeout * 1000, repeating: false, source: .timeout)
    }

    private func armHealthcheck() {
        healthTimerFd = makeTimer(ms: options.healthcheckInterval, repeating: true, source: .healthcheck)
    }

    /// A timerfd in the loop, first firing after `ms` milliseconds; -1 if none could be made.
    private func makeTimer(ms: Int, repeating: Bool, source: Source) -> Int32 {
        let fd = timerfd_create(CLOCK_MONOTONIC, Int32(TFD_CLOEXEC | TFD_NONBLOCK))
        guard fd >= 0 else { return -1 }
        setTimer(fd, ms: ms, repeating: repeating)
        loop.add(fd, source.rawValue)
        return fd
    }

    /// Every `ms` milliseconds from now (once, unless `repeating`); 0 stops it.
    private func setTimer(_ fd: Int32, ms: Int, repeating: Bool) {
        var spec = itimerspec()
        spec.it_value.tv_sec = ms / 1000
        spec.it_value.tv_nsec = (ms % 1000) * 1_000_000
        if repeating { spec.it_interval = spec.it_value }
        _ = timerfd_settime(fd, 0, &spec, nil)
    }

    /// Every `ms` milliseconds from now; 0 stops the checks.
    private func setHealthcheckInterval(_ ms: Int) {
        guard healthTimerFd >= 0 else { return }
        setTimer(healthTimerFd, ms: ms, repeating: true)
    }

    /// A tick: start the healthcheck unless the last one still runs.
    private func healthcheckDue() {
        var expirations: UInt64 = 0
        _ = read(healthTimerFd, &expirations, 8)
        guard healthPid <= 0 else { return }
        let started = spawn(SpawnRequest(argv: [options.healthcheckCommand] + options.healthcheckCommandArgs))
        if started.pid > 0 {
            healthPid = started.pid
        } else {
            Diagnostics.warn("cannot run the healthcheck \(options.healthcheckCommand): \(Sys.errnoName(started.error))")
        }
    }

    // MARK: events

    private func handle(_ event: cshim_epoll_event) {
        let token = event.data
        if token >= Source.attachClientBase.rawValue {
            clientEvent(Int(token - Source.attachClientBase.rawValue), event.events)
            return
        }
        switch Source(rawValue: token) {
        case .signals: signalsReady()
        case .stdout: outputReady(&stdoutFd, .stdout, limit: 16)
        case .stderr: outputReady(&stderrFd, .stderr, limit: 16)
        case .attachListener: acceptClient()
        case .stdinWritable: flushPendingInput()
        case .ctl: controlReady(fifos.ctlFd)
        case .winsz: controlReady(fifos.winszFd)
        case .notify: notify?.relay()
        case .oom: oom?.check()
        case .healthcheck: healthcheckDue()
        case .timeout:
            Diagnostics.warn("container \(options.cid) timed out after \(options.timeout)s, killing it")
            _ = kill(containerPid, SIGKILL)
            loop.remove(timerFd)
        default: break
        }
    }

    private func signalsReady() {
        while true {
            let sig = cshim_signalfd_read(signalFd)
            if sig <= 0 { break }
            if sig == SIGCHLD {
                reapChildren()
            } else {
                _ = kill(containerPid, sig)
            }
        }
    }

    /// Collects every exited child; the container's status ends the loop.
    private func reapChildren() {
        var status: Int32 = 0
        while true {
            let pid = waitpid(-1, &status, WNOHANG)
            if pid <= 0 { break }
            if pid == containerPid { exitCode = cshim_wait_status_code(status) }
            if pid == healthPid { healthPid = -1 }
        }
    }

    /// Reads up to `limit` chunks; on end-of-file the fd is closed.
    /// With `untilEmpty`, keeps reading until the pipe says EAGAIN.
    private func outputReady(_ fd: inout Int32, _ stream: Stream, limit: Int, untilEmpty: Bool = false) {
        guard fd >= 0 else { return }
        defer { sinks.flush() }
        var reads = 0
        while reads < limit {
            reads += 1
            let n = Sys.read(fd, chunk + 1, Monitor.chunkSize)
            if n > 0 {
                deliver(stream, n)
                if n < Monitor.chunkSize && !untilEmpty { return }
                continue
            }
            if n < 0 && Sys.errno == EAGAIN { return }
            // EOF, or EIO from a pty whose other side is gone.
            loop.remove(fd)
            if fd == terminalMaster { terminalMaster = -1 }
            Sys.close(fd)
            fd = -1
            return
        }
    }

    private func deliver(_ stream: Stream, _ count: Int) {
        sinks.write(stream, chunk + 1, count)
        if let attach, attach.hasClients {
            chunk[0] = stream.rawValue
            attach.broadcast(chunk, count + 1, loop: loop)
        }
    }

    private func acceptClient() {
        guard let attach, let slot = attach.accept() else { return }
        let events = stdinFd >= 0 && pendingEnd == pendingStart ? epollIn : 0
        loop.add(attach.clients[slot], Source.attachClientBase.rawValue + UInt64(slot), events: events)
    }

    private func clientEvent(_ slot: Int, _ events: UInt32) {
        guard let attach, slot < attach.clients.count, attach.clients[slot] >= 0 else { return }
        let fd = attach.clients[slot]
        if events & epollIn != 0 && stdinFd >= 0 {
            let n = recv(fd, pendingInput, Monitor.chunkSize, Int32(MSG_DONTWAIT))
            if n > 0 {
                pendingStart = 0
                pendingEnd = n
                flushPendingInput()
                return
            }
            if n < 0 && (Sys.errno == EAGAIN || Sys.errno == EINTR) { return }
        } else if events & (epollHup | epollErr) == 0 {
            return
        }
        clientGone(slot)
    }

    private func clientGone(_ slot: Int) {
        attach?.drop(slot, loop: loop)
        if !options.leaveStdinOpen && !options.terminal && stdinFd >= 0 {
            Sys.close(stdinFd)
            stdinFd = -1
            pendingStart = 0
            pendingEnd = 0
        }
    }

    /// Copies pending attach input into the container's stdin. While the
    /// container does not keep up, clients are not read (back-pressure).
    private func flushPendingInput() {
        while pendingStart < pendingEnd && stdinFd >= 0 {
            let n = write(stdinFd, pendingInput + pendingStart, pendingEnd - pendingStart)
            if n > 0 {
                pendingStart += n
                continue
            }
            let e = Sys.errno
            if n < 0 && e == EINTR { continue }
            if n < 0 && e == EAGAIN {
                setClientsReading(false)
                loop.add(stdinFd, Source.stdinWritable.rawValue, events: epollOut)
                return
            }
            // The container closed its stdin.
            pendingStart = pendingEnd
        }
        pendingStart = 0
        pendingEnd = 0
        if stdinFd >= 0 { loop.remove(stdinFd) }
        setClientsReading(true)
    }

    private func setClientsReading(_ on: Bool) {
        guard let attach else { return }
        for (slot, fd) in attach.clients.enumerated() where fd >= 0 {
            loop.modify(fd, Source.attachClientBase.rawValue + UInt64(slot), events: on && stdinFd >= 0 ? epollIn : 0)
        }
    }

    private func controlReady(_ fd: Int32) {
        for command in ControlFifos.read(fd) {
            switch command {
            case .resize(let rows, let cols):
                if terminalMaster >= 0 { _ = cshim_set_winsize(terminalMaster, rows, cols) }
            case .reopenLogs:
                sinks.reopen()
            case .healthcheckInterval(let ms):
                setHealthcheckInterval(ms)
            }
        }
    }

    // MARK: exit

    /// The container is gone: keep its last bytes, then report, in the
    /// order the spec gives.
    private func finish() -> Never {
        var out = stdoutFd
        var err = stderrFd
        outputReady(&out, .stdout, limit: 4096, untilEmpty: true)
        outputReady(&err, .stderr, limit: 4096, untilEmpty: true)
        sinks.finish()
        oom?.check()
        let oomKilled = oom?.killed ?? false
        oom?.close()

        attach?.closeAll(loop: loop)
        for fd in [out, err, stdinFd, fifos.ctlFd, fifos.winszFd, notify?.fd ?? -1, timerFd, healthTimerFd] { Sys.close(fd) }
        inherited.closeAll()

        let reporter = ExitReporter(options: options)
        if oomKilled { reporter.writeOomFiles() }
        reporter.writeExitFiles(code: exitCode)
        reporter.runExitCommand()
        reapChildren()
        exit(exitCode)
    }
}

/// Copies of the monitor's original stdio for `--log-path passthrough`.
nonisolated(unsafe) var passthroughFds: (Int32, Int32, Int32) = (-1, -1, -1)
