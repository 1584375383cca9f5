import ArgumentParser

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

    public init() {}

    /// The options above, each of which takes a value: what may precede a
    /// verb that BerthCommand parses directly (a test keeps this in step).
    /// (An array: a new Set type costs a runtime conformance scan at start-up.)
    static let valueOptionNames: [String] = ["--root", "--runroot", "--storage-driver", "--runtime", "--log-level"]

    public func validate() throws {
        if let storageDriver, StorageDriver(rawValue: storageDriver) == nil {
            throw ValidationError("unsupported storage driver \(storageDriver.debugDescription): use overlay or vfs")
        }
        let levels = ["trace", "debug", "info", "warn", "warning", "error", "fatal", "panic"]
        if !levels.contains(logLevel) {
            throw ValidationError("invalid log level \(logLevel.debugDescription)")
        }
    }

    public var storeOptions: StoreOptions {
        StoreOptions(root: root, runRoot: runroot, driver: storageDriver.flatMap(StorageDriver.init(rawValue:)))
    }

    /// Opens the store for the rest of the process. The store is never
    /// closed: closing the last SQLite connection checkpoints the WAL with
    /// fsyncs, which a short-lived command does not need (SQLite's
    /// auto-checkpoint on commit keeps the WAL small).
    public func openStore() throws -> Store {
        let store = try Store.open(storeOptions)
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
