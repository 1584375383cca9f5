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

    public init(root: String? = nil, runRoot: String? = nil, driver: StorageDriver? = nil) {
        self.root = root ?? StoreOptions.defaultRoot
        self.runRoot = runRoot ?? StoreOptions.defaultRunRoot
        self.driver = driver
    }

    /// Empty when neither $XDG_DATA_HOME nor $HOME is set: opening the
    /// store then fails with a message saying so (a rootless store must
    /// not land in a shared directory).
    public static var defaultRoot: String {
        if geteuid() == 0 { return "/var/lib/berth" }
        if let data = environment("XDG_DATA_HOME") { return data + "/berth" }
        if let home = environment("HOME") { return home + "/.local/share/berth" }
        return ""
    }

    public static var defaultRunRoot: String {
        if geteuid() == 0 { return "/run/berth" }
        if let run = environment("XDG_RUNTIME_DIR") { return run + "/berth" }
        return "/tmp/berth-run-\(getuid())"
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

    public var tmpDirectory: String { root + "/tmp" }
    public var volumesDirectory: String { root + "/volumes" }

    public static func open(_ options: StoreOptions) throws -> Store {
        try Store(options)
    }

    init(_ options: StoreOptions) throws {
        guard !options.root.isEmpty else {
            throw EngineError.invalid("no store directory: neither $XDG_DATA_HOME nor $HOME is set (use --root)")
        }
        root = try Store.validateRootPath(options.root)
        runRoot = try Store.validateRootPath(options.runRoot)
        if geteuid() != 0 { try Store.checkOwnRunRoot(runRoot) }
        if !FileSystem.isDirectory(root + "/tmp") {
            try FileSystem.makeDirectories(root + "/tmp")
            try FileSystem.makeDirectories(root + "/blobs/sha256")
            try FileSystem.makeDirectories(root + "/volumes")
        }
        let database = try StateDatabase(path: root + "/berth.db", openLock: root + "/storage.lock")
        self.database = database
        driver = try Store.settleDriver(database, requested: options.driver, root: root)
        blobs = BlobStore(directory: root + "/blobs/sha256")
        layers = LayerStore(directory: root + "/" + driver.rawValue, driver: driver)
        try FileSystem.makeDirectories(layers.directory)
        try repairIfNeeded()
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
        let me = geteuid()
        if (info.st_mode & S_IFMT) != S_IFDIR || info.st_uid != me {
            throw EngineError(.conflict, "run root \(path) is not a directory of uid \(me): set $XDG_RUNTIME_DIR or use --runroot")
        }
    }

    /// The driver is chosen once per store and recorded; asking for another
    /// one later is an error, as in Podman.
    private static func settleDriver(_ db: StateDatabase, requested: StorageDriver?, root: String) throws -> StorageDriver {
        let recorded = try db.read { db in try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'driver'") }
        if let recorded, let driver = StorageDriver(rawValue: recorded) {
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
