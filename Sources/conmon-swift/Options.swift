/// One `-l/--log-path` destination.
enum LogDriver {
    case k8sFile(path: String)
    case journald
    case passthrough
    case none
}

/// The command line berth (or podman) passes; see the spec's flag table.
struct Options {
    var cid = ""
    var cuuid = ""
    var name = ""
    var runtime = ""
    var bundle = ""
    var containerPidFile = ""
    var exitDir = ""
    var persistDir = ""
    var exitCommand = ""
    var exitCommandArgs: [String] = []
    /// Runs `healthcheckCommand` every `healthcheckInterval` ms (berth's
    /// `healthcheck run ID`), one at a time, while the container lives.
    var healthcheckInterval = 0
    var healthcheckCommand = ""
    var healthcheckCommandArgs: [String] = []
    var logDrivers: [LogDriver] = []
    var logSizeMax = -1
    var logTag = ""
    var logLabels: [String] = []
    var terminal = false
    var stdin = false
    var leaveStdinOpen = false
    var sdNotifySocket = ""
    var timeout = 0
    var conmonPidFile = ""
    var runtimeArgs: [String] = []
    /// fds 3..<3+N are handed to the runtime at the same numbers (and the
    /// runtime is told `--preserve-fds N`), as with C conmon: socket activation.
    var preserveFds = 0
    var noPivot = false
    var noNewKeyring = false
    /// Create and start in one runtime call (`run --detach`): for callers
    /// with nothing to do between the two, one runtime process fewer.
    var startContainer = false
    var systemdCgroup = false
    var logLevel = ""
    var syslog = false
    var showHelp = false
    var showVersion = false

    var hasPassthrough: Bool {
        logDrivers.contains { if case .passthrough = $0 { true } else { false } }
    }

    static let version = "0.1.0"

    static let usage = """
        Usage: conmon-swift [OPTION...]
          -c, --cid ID                  container id given to the runtime (names the exit file)
          -u, --cuuid ID                id for the attach socket and journald CONTAINER_ID
          -n, --name NAME               container name
          -r, --runtime PATH            OCI runtime binary
          -b, --bundle DIR              OCI bundle directory
          -p, --container-pidfile FILE  pid file the runtime writes
              --exit-dir DIR            write DIR/<cid> with the exit code
              --persist-dir DIR         write DIR/exit (and DIR/oom)
              --exit-command PATH       run after the container exits
              --exit-command-arg ARG    argument for --exit-command (repeatable)
              --healthcheck-interval MS     run --healthcheck-command every MS milliseconds
              --healthcheck-command PATH    the healthcheck (berth healthcheck run ID)
              --healthcheck-command-arg ARG argument for --healthcheck-command (repeatable)
          -l, --log-path DRIVER:PATH    k8s-file:PATH, journald:, passthrough, none (repeatable)
              --log-size-max BYTES      maximum k8s-file size
              --log-tag TAG             journald CONTAINER_TAG / SYSLOG_IDENTIFIER
              --log-label K=V           extra journald field (repeatable)
          -t, --terminal                allocate a terminal
          -i, --stdin                   keep the container's stdin open for attach
              --leave-stdin-open        do not close stdin when an attach client leaves
              --sdnotify-socket PATH    relay the workload's sd_notify messages to PATH
              --timeout SECONDS         kill the container after SECONDS
              --conmon-pidfile FILE     write the monitor's own pid here
              --runtime-arg ARG         global runtime argument (repeatable)
              --preserve-fds N          pass fds 3..3+N-1 to the container (runtime --preserve-fds N)
              --start-container         create and start at once (runtime run --detach)
              --no-pivot, --no-new-keyring, -s/--systemd-cgroup   runtime options
              --full-attach, --socket-dir-path DIR                accepted, unused
              --api-version N, --log-level LEVEL, --syslog
              --version, -h/--help

        """

    /// Parses the arguments after argv[0]; returns an error message on bad input.
    static func parse(_ args: [String]) -> (Options?, String?) {
        var o = Options()
        var i = 0
        while i < args.count {
            var flag = args[i]
            var inlineValue: String? = nil
            let bytes = Array(flag.utf8)
            if flag.startsWith("--"), let eq = bytes.firstIndex(of: UInt8(ascii: "=")) {
                inlineValue = String(decoding: bytes[(eq + 1)...], as: UTF8.self)
                flag = String(decoding: bytes[..<eq], as: UTF8.self)
            } else if bytes.count > 2, flag.startsWith("-"), !flag.startsWith("--") {
                // -cVALUE
                inlineValue = String(decoding: bytes[2...], as: UTF8.self)
                flag = String(decoding: bytes[..<2], as: UTF8.self)
            }
            i += 1
            func value() -> String? {
                if let v = inlineValue { return v }
                guard i < args.count else { return nil }
                i += 1
                return args[i - 1]
            }
            switch ASCII(flag) {
            case "-h", "--help": o.showHelp = true
            case "--version": o.showVersion = true
            case "-t", "--terminal": o.terminal = true
            case "-i", "--stdin": o.stdin = true
            case "--leave-stdin-open": o.leaveStdinOpen = true
            case "--no-pivot": o.noPivot = true
            case "--no-new-keyring": o.noNewKeyring = true
            case "--start-container": o.startContainer = true
            case "-s", "--systemd-cgroup": o.systemdCgroup = true
            case "--syslog": o.syslog = true
            case "--full-attach", "--no-sync-log", "--sync": break
            default:
                guard takesValue(flag) else {
                    return (nil, flag.startsWith("-") ? "unknown option '\(flag)'" : "unexpected argument '\(flag)'")
                }
                guard let v = value() else { return (nil, "option '\(flag)' needs a value") }
                switch ASCII(flag) {
                case "-c", "--cid": o.cid = v
                case "-u", "--cuuid": o.cuuid = v
                case "-n", "--name": o.name = v
                case "-r", "--runtime": o.runtime = v
                case "-b", "--bundle": o.bundle = v
                case "-p", "--container-pidfile": o.containerPidFile = v
                case "--exit-dir": o.exitDir = v
                case "--persist-dir": o.persistDir = v
                case "--exit-command": o.exitCommand = v
                case "--exit-command-arg": o.exitCommandArgs.append(v)
                case "--healthcheck-interval":
                    guard let n = parseInt(v), n > 0 else { return (nil, "--healthcheck-interval: '\(v)' is not a number of milliseconds") }
                    o.healthcheckInterval = n
                case "--healthcheck-command": o.healthcheckCommand = v
                case "--healthcheck-command-arg": o.healthcheckCommandArgs.append(v)
                case "-l", "--log-path":
                    guard let d = parseLogDriver(v) else { return (nil, "unknown log driver in '\(v)'") }
                    o.logDrivers.append(d)
                case "--log-size-max":
                    guard let n = parseInt(v) else { return (nil, "--log-size-max: '\(v)' is not a number") }
                    o.logSizeMax = n
                case "--log-tag": o.logTag = v
                case "--log-label":
                    guard v.utf8.contains(UInt8(ascii: "=")) else { return (nil, "--log-label: '\(v)' is not KEY=VALUE") }
                    o.logLabels.append(v)
                case "--sdnotify-socket": o.sdNotifySocket = v
                case "-T", "--timeout":
                    guard let n = parseInt(v), n >= 0 else { return (nil, "--timeout: '\(v)' is not a number of seconds") }
                    o.timeout = n
                case "-P", "--conmon-pidfile": o.conmonPidFile = v
                case "--runtime-arg": o.runtimeArgs.append(v)
                case "--preserve-fds":
                    guard let n = parseInt(v), n >= 0 else { return (nil, "--preserve-fds: '\(v)' is not a number of descriptors") }
                    o.preserveFds = n
                case "--socket-dir-path", "--runtime-opt": break
                case "--api-version":
                    guard v.equals("1") else { return (nil, "--api-version \(v) is not supported (only 1)") }
                case "--log-level": o.logLevel = v
                default: return (nil, "unknown option '\(flag)'")
                }
            }
        }
        if o.showHelp || o.showVersion { return (o, nil) }
        if o.cid.isEmpty { return (nil, "--cid is required") }
        if o.runtime.isEmpty { return (nil, "--runtime is required") }
        if o.bundle.isEmpty { return (nil, "--bundle is required") }
        if o.cuuid.isEmpty { o.cuuid = o.cid }
        if o.name.isEmpty { o.name = o.cid }
        if o.logDrivers.isEmpty { o.logDrivers = [.none] }
        if o.containerPidFile.isEmpty { o.containerPidFile = o.bundle + "/pidfile-" + o.cid }
        if o.hasPassthrough && o.terminal { return (nil, "--log-path passthrough cannot be combined with --terminal") }
        return (o, nil)
    }

    private static func takesValue(_ flag: String) -> Bool {
        switch ASCII(flag) {
        case "-c", "--cid", "-u", "--cuuid", "-n", "--name", "-r", "--runtime", "-b", "--bundle",
             "-p", "--container-pidfile", "--exit-dir", "--persist-dir", "--exit-command",
             "--exit-command-arg", "--healthcheck-interval", "--healthcheck-command", "--healthcheck-command-arg", "-l", "--log-path", "--log-size-max", "--log-tag", "--log-label",
             "--sdnotify-socket", "-T", "--timeout", "-P", "--conmon-pidfile", "--runtime-arg", "--preserve-fds",
             "--socket-dir-path", "--runtime-opt", "--api-version", "--log-level":
            return true
        default:
            return false
        }
    }

    static func parseLogDriver(_ spec: String) -> LogDriver? {
        if spec.equals("passthrough") { return .passthrough }
        if spec.equals("none") || spec.equals("none:") || spec.equals("null") { return LogDriver.none }
        if spec.equals("journald") || spec.startsWith("journald:") { return .journald }
        if spec.startsWith("k8s-file:") {
            let path = spec.droppingBytes(9)
            return path.isEmpty ? nil : .k8sFile(path: path)
        }
        if spec.startsWith("/") { return .k8sFile(path: spec) }
        return nil
    }
}
