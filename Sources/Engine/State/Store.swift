#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// Which storage driver unpacks and mounts layers.
public enum StorageDriver: String, Sendable, CaseIterable, Codable {
    case overlay
    case vfs
}

/// Where a store lives and how it was asked to behave (the global CLI options).
public struct StoreOptions: Sendable {
    public var root: String
    public var runRoot: String
    public var driver: StorageDriver?
    /// Opens a store whose database has no records although its directories
    /// hold data, to rebuild the records (`Store.rebuildRecords`); without it
    /// such a store is refused.
    public var rebuildingRecords = false
    /// `--events-backend`; nil: containers.conf's `events_logger`.
    public var eventsBackend: EventsBackend?

    public init(root: String? = nil, runRoot: String? = nil, driver: StorageDriver? = nil) {
        self.root = root ?? StoreOptions.defaultRoot
        self.runRoot = runRoot ?? StoreOptions.defaultRunRoot
        self.driver = driver
    }

    /// Empty when neither $XDG_DATA_HOME nor $HOME is set: opening the
    /// store then fails with a message saying so (a rootless store must
    /// not land in a shared directory).
    public static var defaultRoot: String {
        if !Rootless.isActive { return "/var/lib/berth" }
        if let data = environment("XDG_DATA_HOME") { return data + "/berth" }
        if let home = environment("HOME") { return home + "/.local/share/berth" }
        return ""
    }

    public static var defaultRunRoot: String {
        if !Rootless.isActive { return "/run/berth" }
        if let run = environment("XDG_RUNTIME_DIR") { return run + "/berth" }
        return "/tmp/berth-run-\(Rootless.hostUID)"
    }

    private static func environment(_ name: String) -> String? {
        guard let value = getenv(name), value.pointee != 0 else { return nil }
        return String(cString: value)
    }
}

/// One store: the state database, the blobs, the layers, the volumes.
///
/// Layout under `root`: `berth.db`, `blobs/sha256/<hex>`, `<driver>/<layer>/`,
/// `volumes/<name>/_data`, `tmp/` (per-process staging directories, each
/// locked by its owner). Under `runRoot`: `locks/`, and `alive`, whose absence
/// means the machine rebooted (so nothing is mounted any more).
public final class Store {
    public let root: String
    public let runRoot: String
    public let driver: StorageDriver
    public let database: StateDatabase
    public let blobs: BlobStore
    public let layers: LayerStore
    /// `--events-backend` as given (passed on to the monitor's commands); nil: containers.conf's.
    public let requestedEventsBackend: EventsBackend?

    public var tmpDirectory: String { root + "/tmp" }
    public var volumesDirectory: String { root + "/volumes" }

    public static func open(_ options: StoreOptions) throws -> Store {
        try Store(options)
    }

    init(_ options: StoreOptions) throws {
        requestedEventsBackend = options.eventsBackend
        guard !options.root.isEmpty else {
            throw EngineError.invalid("no store directory: neither $XDG_DATA_HOME nor $HOME is set (use --root)")
        }
        root = try Store.validateRootPath(options.root)
        runRoot = try Store.validateRootPath(options.runRoot)
        if Rootless.isActive {
            try Rootless.enterNamespace()
            try Store.checkOwnRunRoot(runRoot)
        }
        if !FileSystem.isDirectory(root + "/tmp") {
            // Rootless: ~/.local/share as `mkdir -p` makes it (0755), so a
            // container's root in a user namespace of its own (keep-id,
            // auto) can walk to its files; the store itself stays 0700.
            if Rootless.isActive { try FileSystem.makeDirectories((root as NSString).deletingLastPathComponent, mode: 0o755) }
            try FileSystem.makeDirectories(root + "/tmp")
            try FileSystem.makeDirectories(root + "/blobs/sha256")
            try FileSystem.makeDirectories(root + "/volumes")
        }
        let database = try StateDatabase(path: root + "/berth.db", openLock: root + "/storage.lock")
        self.database = database
        let recordedDriver = try Store.recordedDriver(database)
        var requested = options.driver
        if recordedDriver == nil {
            // A database without even its driver is new (or was emptied):
            // data beside it means the records are what was lost.
            let root = self.root
            let data = Store.dataOnDisk(root)
            if !data.isEmpty && !options.rebuildingRecords {
                throw EngineError(.corrupt, "state database \(root)/berth.db is missing or empty, but \(root) holds \(data.joined(separator: ", ")): refusing to treat it as a new store; run `berth system repair --rebuild` to rebuild the records from what is on disk")
            }
            if options.rebuildingRecords && requested == nil {
                requested = StorageDriver.allCases.first { !FileSystem.list(root + "/" + $0.rawValue).isEmpty }
            }
        }
        driver = try Store.settleDriver(database, recorded: recordedDriver, requested: requested, root: root)
        blobs = BlobStore(directory: root + "/blobs/sha256")
        layers = LayerStore(directory: root + "/" + driver.rawValue, driver: driver)
        try FileSystem.makeDirectories(layers.directory)
        // A repair would take the unrecorded layers for leftovers: the
        // rebuild records them first.
        if !options.rebuildingRecords { try repairIfNeeded() }
    }

    /// What the store's directories hold, in words ("3 layers", "1 volume"); empty for none.
    static func dataOnDisk(_ root: String) -> [String] {
        var found: [String] = []
        func count(_ n: Int, _ one: String, _ many: String) {
            if n > 0 { found.append("\(n) \(n == 1 ? one : many)") }
        }
        count(StorageDriver.allCases.reduce(0) { $0 + FileSystem.list(root + "/" + $1.rawValue).count }, "layer", "layers")
        count(FileSystem.list(root + "/volumes").count, "volume", "volumes")
        count(FileSystem.list(root + "/containers").count, "container directory", "container directories")
        count(FileSystem.list(root + "/blobs/sha256").count, "blob", "blobs")
        count(FileSystem.list(root + "/secrets/filedriver").filter { !$0.hasPrefix(".") }.count, "secret", "secrets")
        return found
    }

    private static func recordedDriver(_ db: StateDatabase) throws -> StorageDriver? {
        guard let value = try db.read({ db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'driver'") }) else { return nil }
        guard let driver = StorageDriver(rawValue: value) else {
            throw EngineError(.corrupt, "state database \(db.path) records an unknown storage driver \(value.debugDescription)")
        }
        return driver
    }

    private static func validateRootPath(_ path: String) throws -> String {
        guard !path.isEmpty, !path.contains("\0"), !path.contains("\n") else {
            throw EngineError.invalid("invalid store path \(path.debugDescription)")
        }
        if path.hasPrefix("/") { return path }
        return FileManager.default.currentDirectoryPath + "/" + path
    }

    /// Without root the run root may sit in a shared directory (the /tmp
    /// fallback): one made by another user is refused, not written into.
    private static func checkOwnRunRoot(_ path: String) throws {
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return }
            throw EngineError.system("stat \(path)", errno)
        }
        // (In the user namespace the user's own files show uid 0.)
        if (info.st_mode & S_IFMT) != S_IFDIR || info.st_uid != geteuid() {
            throw EngineError(.conflict, "run root \(path) is not a directory of uid \(Rootless.hostUID): set $XDG_RUNTIME_DIR or use --runroot")
        }
    }

    /// The driver is chosen once per store and recorded; asking for another
    /// one later is an error, as in Podman.
    private static func settleDriver(_ db: StateDatabase, recorded: StorageDriver?, requested: StorageDriver?, root: String) throws -> StorageDriver {
        if let driver = recorded {
            if let requested, requested != driver {
                throw EngineError(.conflict, "store \(root) uses the \(driver.rawValue) storage driver, not \(requested.rawValue)")
            }
            return driver
        }
        let chosen = requested ?? (OverlayProbe.works(scratch: root + "/tmp") ? .overlay : .vfs)
        return try db.write { db in
            if let value = try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'driver'"),
               let driver = StorageDriver(rawValue: value) {
                return driver
            }
            try db.execute(sql: "INSERT INTO meta (key, value) VALUES ('driver', ?)", arguments: [chosen.rawValue])
            return chosen
        }
    }

    /// A lock for one object's lifecycle (`container-<id>`, `volume-<name>`),
    /// kept under the run root so it never outlives a boot.
    public func objectLock(_ name: String) throws -> FileLock {
        let dir = runRoot + "/locks"
        if !FileSystem.isDirectory(dir) { try FileSystem.makeDirectories(dir) }
        return try FileLock(path: dir + "/" + name + ".lock")
    }
}
