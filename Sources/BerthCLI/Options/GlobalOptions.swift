import Engine
import GoTemplate
import ArgumentParser
#if canImport(Glibc)
import Glibc
#endif

/// Options every verb accepts, before or after its name (Podman's names).
public struct GlobalOptions: ParsableArguments, Sendable {
    @Option(name: .long, help: "Path to the root directory in which data, including images, is stored")
    public var root: String?

    @Option(name: .long, help: "Path to the 'run directory' where all state information is stored")
    public var runroot: String?

    @Option(name: .customLong("storage-driver"), help: "Select which storage driver is used to manage storage of images and containers (overlay, vfs)")
    public var storageDriver: String?

    @Option(name: .long, help: "Path to the OCI-compatible binary used to run containers")
    public var runtime: String?

    @Option(name: .customLong("log-level"), help: "Log messages above specified level (trace, debug, info, warn, error, fatal, panic)")
    public var logLevel: String = "warn"

    @Flag(name: .customLong("noout"), help: "Do not output to stdout")
    public var noOut = false

    @Option(name: .customLong("out"), help: "Send output (stdout) from podman to a file")
    public var outFile: String?

    @Flag(help: "Output logging information to syslog as well as the console")
    public var syslog = false

    @Option(name: .customLong("tmpdir"), help: "Path to the tmp directory for libpod state content")
    public var tmpDir: String?

    @Option(name: .customLong("cgroup-manager"), help: "Cgroup manager to use (\"cgroupfs\"|\"systemd\")")
    public var cgroupManager: String?

    @Option(name: .customLong("events-backend"), help: "Events backend to use (\"file\"|\"journald\"|\"none\")")
    public var eventsBackend: String?

    @Option(help: "Path of the conmon binary")
    public var conmon: String?

    @Option(name: .customLong("runtime-flag"), help: "Add global flags for the container runtime")
    public var runtimeFlag: [String] = []

    @Option(name: .customLong("storage-opt"), help: "Used to pass an option to the storage driver")
    public var storageOpt: [String] = []

    @Option(help: "Load the containers.conf(5) module")
    public var module: [String] = []

    @Option(name: .customLong("imagestore"), help: "Path to the 'image store', different from 'graph root'")
    public var imageStore: String?

    @Option(name: .customLong("volumepath"), help: "Path to the volume directory in which volume data is stored")
    public var volumePath: String?

    @Option(name: .customLong("network-config-dir"), help: "Path of network config directory for CNI or netavark")
    public var networkConfigDir: String?

    @Option(name: .customLong("network-cmd-path"), help: "Path to the command for configuring the network")
    public var networkCmdPath: String?

    @Option(name: .customLong("hooks-dir"), help: "Set the OCI hooks directory path (may be set multiple times)")
    public var hooksDir: [String] = []

    @Option(name: .customLong("cdi-spec-dir"), help: "Set the CDI spec directory path (may be set multiple times)")
    public var cdiSpecDir: [String] = []

    @Flag(name: .customLong("transient-store"), help: "Enable a global transient storage mode where all container metadata is stored on non-persistent media")
    public var transientStore = false

    @Option(help: "URL to access Podman service (berth has none)")
    public var url: String?

    @Option(name: .long, help: "Connection to use for remote Podman service (berth has none)")
    public var connection: String?

    @Option(help: "path to SSH identity file (berth has no remote service)")
    public var identity: String?

    @Option(help: "define the ssh mode (berth has no remote service)")
    public var ssh: String?

    @Flag(name: [.customShort("r"), .long], help: "Access remote Podman service (berth has none)")
    public var remote = false

    public init() {}

    /// The options above that take a value: what may precede a verb that
    /// BerthCommand parses directly (a test keeps this in step; a flag
    /// before the verb sends the command line to the full parser).
    /// (An array: a new Set type costs a runtime conformance scan at start-up.)
    static let valueOptionNames: [String] = [
        "--root", "--runroot", "--storage-driver", "--runtime", "--log-level", "--out", "--tmpdir", "--cgroup-manager",
        "--events-backend", "--conmon", "--runtime-flag", "--storage-opt", "--module", "--imagestore", "--volumepath",
        "--network-config-dir", "--network-cmd-path", "--hooks-dir", "--cdi-spec-dir", "--url", "--connection", "--identity", "--ssh",
    ]
    /// The ones that take no value (they send a command line to the full parser).
    static let flagOptionNames: [String] = ["--noout", "--syslog", "--transient-store", "--remote"]

    public func validate() throws {
        if let storageDriver, StorageDriver(rawValue: storageDriver) == nil {
            throw ValidationError("unsupported storage driver \(storageDriver.debugDescription): use overlay or vfs")
        }
        guard let level = EngineLog.Level(name: logLevel) else {
            throw ValidationError("invalid log level \(logLevel.debugDescription)")
        }
        EngineLog.level = level
        EngineLog.syslog = syslog
        try refuseUnsupported()
        try redirectOutput()
        if let tmpDir { setenv("TMPDIR", tmpDir, 1) }
    }

    /// Podman's global options that berth parses but cannot honour (yet,
    /// or ever: it has no remote service), refused before anything is done.
    private func refuseUnsupported() throws {
        if url != nil || connection != nil || identity != nil || ssh != nil || remote {
            throw EngineError.invalid("berth has no remote API service: --url, --connection, --identity, --ssh and --remote cannot be used")
        }
        func notYet(_ flag: String, _ why: String) -> EngineError { EngineError.invalid("\(flag) is not supported yet: \(why)") }
        if let cgroupManager {
            guard ["cgroupfs", "systemd"].contains(cgroupManager) else {
                throw ValidationError("invalid cgroup manager \(cgroupManager.debugDescription): use cgroupfs or systemd")
            }
            if cgroupManager == "systemd" { throw notYet("--cgroup-manager=systemd", "berth manages cgroups itself (cgroupfs)") }
        }
        if let eventsBackend, EventsBackend(rawValue: eventsBackend) == nil {
            throw ValidationError("invalid events backend \(eventsBackend.debugDescription): use file, journald or none")
        }
        let unsupported: [(Bool, String, String)] = [
            (conmon != nil, "--conmon", "berth always runs its own monitor, conmon-swift"),
            (!runtimeFlag.isEmpty, "--runtime-flag", "runtime flags come with containers.conf support"),
            (!storageOpt.isEmpty, "--storage-opt", "storage options come with containers.conf support"),
            (!module.isEmpty, "--module", "containers.conf modules are not read yet"),
            (imageStore != nil, "--imagestore", "images live in the graph root (--root)"),
            (volumePath != nil, "--volumepath", "volumes live in the graph root (--root)"),
            (networkConfigDir != nil, "--network-config-dir", "network configs live in the graph root (--root)/networks"),
            (networkCmdPath != nil, "--network-cmd-path", "berth runs netavark and pasta from their Debian paths"),
            (!hooksDir.isEmpty, "--hooks-dir", "OCI hooks are not run yet"),
            (!cdiSpecDir.isEmpty, "--cdi-spec-dir", "CDI devices are not supported yet"),
            (transientStore, "--transient-store", "the state database is always persistent"),
        ]
        if let (_, flag, why) = unsupported.first(where: { $0.0 }) { throw notYet(flag, why) }
    }

    /// `--noout` and `--out FILE`: standard output goes nowhere, or to FILE.
    private func redirectOutput() throws {
        guard noOut || outFile != nil else { return }
        let path = noOut ? "/dev/null" : outFile!
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard fd >= 0 else { throw EngineError(.system, "cannot open --out file \(path): \(String(cString: strerror(errno)))") }
        defer { close(fd) }
        guard dup2(fd, 1) >= 0 else { throw EngineError(.system, "cannot redirect standard output to \(path): \(String(cString: strerror(errno)))") }
    }

    public var storeOptions: StoreOptions {
        var options = StoreOptions(root: root, runRoot: runroot, driver: storageDriver.flatMap(StorageDriver.init(rawValue:)))
        options.eventsBackend = eventsBackend.flatMap(EventsBackend.init(rawValue:))
        return options
    }

    /// Opens the store for the rest of the process. The store is never
    /// closed: closing the last SQLite connection checkpoints the WAL with
    /// fsyncs, which a short-lived command does not need (SQLite's
    /// auto-checkpoint on commit keeps the WAL small).
    public func openStore() throws -> Store {
        let store = try Store.open(storeOptions)
        EngineLog.debug("Using graph root \(store.root), run root \(store.runRoot), driver \(store.driver.rawValue)")
        openStores.append(store)
        return store
    }
}

/// Stores opened by this (single-threaded, short-lived) CLI process.
nonisolated(unsafe) private var openStores: [Store] = []

/// Before the process exits: a command that wrote leaves the WAL empty,
/// so the next command does not have to read it back.
func checkpointOpenStores() {
    for store in openStores { store.database.checkpointIfWritten() }
}
