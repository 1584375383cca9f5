import CShim

/// Entry point: parse, validate (before touching anything), wait for berth's
/// go, detach, and hand over to the Monitor.
func startMonitor() -> Never {
    var args: [String] = []
    let argc = Int(cshim_argc())
    if argc > 1, let argv = cshim_argv() {
        for i in 1..<argc {
            if let p = argv[i] { args.append(String(cString: p)) }
        }
    }
    let (parsed, error) = Options.parse(args)
    guard let options = parsed else {
        Sys.writeAll(2, "conmon-swift: " + (error ?? "bad arguments") + "\nTry 'conmon-swift --help'.\n")
        exit(1)
    }
    if options.showHelp {
        Sys.writeAll(1, Options.usage)
        exit(0)
    }
    if options.showVersion {
        Sys.writeAll(1, "conmon-swift version \(Options.version)\n")
        exit(0)
    }
    Diagnostics.useSyslog = options.syslog
    Diagnostics.debugEnabled = options.logLevel.equals("debug") || options.logLevel.equals("trace")
    if !Sys.isExecutable(options.runtime) { Diagnostics.fail("runtime \(options.runtime) is not executable") }
    if !Sys.isDirectory(options.bundle) { Diagnostics.fail("bundle \(options.bundle) is not a directory") }
    for dir in [options.exitDir, options.persistDir] where !dir.isEmpty && !Sys.isDirectory(dir) {
        Diagnostics.fail("\(dir) is not a directory")
    }
    guard let bundle = BundleDir(options.bundle) else {
        Diagnostics.fail("cannot open bundle \(options.bundle): \(Sys.errnoName(Sys.errno))")
    }

    _ = cshim_ignore_signal(SIGPIPE)
    var sync = SyncPipe.fromEnvironment()
    let preserved = RuntimeCreate(options: options).preservedFds
    let inherited = InheritedFds.collect(keep: [sync.syncFd, sync.startFd, bundle.fd] + preserved)
    sync.waitForStart()
    detach(options)
    Monitor(options: options, sync: sync, inherited: inherited, bundle: bundle).run()
}

/// Forks; the parent records the child's pid and exits so berth's wait
/// returns. The child leads its own session, adopts orphans, and keeps
/// nothing of the caller's terminal.
func detach(_ options: Options) {
    let pid = fork()
    if pid < 0 { Diagnostics.fail("fork: \(Sys.errnoName(Sys.errno))") }
    if pid > 0 {
        if !options.conmonPidFile.isEmpty && !Sys.writeFileAtomically(options.conmonPidFile, "\(pid)") {
            Diagnostics.warn("cannot write \(options.conmonPidFile): \(Sys.errnoName(Sys.errno))")
        }
        _exit(0)
    }
    _ = setsid()
    _ = cshim_set_child_subreaper(1)
    if options.hasPassthrough {
        passthroughFds = (
            cshim_fcntl_int(0, F_DUPFD_CLOEXEC, 3),
            cshim_fcntl_int(1, F_DUPFD_CLOEXEC, 3),
            cshim_fcntl_int(2, F_DUPFD_CLOEXEC, 3)
        )
    }
    let null = Sys.open("/dev/null", O_RDWR)
    if null >= 0 {
        for fd: Int32 in 0...2 { _ = dup2(null, fd) }
        if null > 2 { Sys.close(null) }
    }
    Diagnostics.detached = true
}

startMonitor()
