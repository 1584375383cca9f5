import GRDB
import GRDBSQLite
import Synchronization

/// The store's SQLite database. WAL mode so readers never wait for a
/// writer; a busy timeout so concurrent `berth` processes queue up instead of
/// failing; every write an IMMEDIATE transaction so two processes never
/// both read and then fight to upgrade to a write lock.
public final class StateDatabase: Sendable {
    public let path: String
    let queue: DatabaseQueue
    private let wrote = Atomic<Bool>(false)

    /// Opens (creating and migrating if needed) the database at `path`.
    /// `openLock` serialises first-time creation and migration between
    /// processes; an up-to-date database (its `user_version` counts the
    /// migrations applied) is opened without it, and without writing anything.
    public init(path: String, openLock: String) throws {
        self.path = path
        var config = Configuration()
        config.busyMode = .timeout(120)
        // WAL is set once, when the database is created (it is persistent).
        // GRDB's `.wal` setting would also write a dummy table whenever the
        // WAL is empty, i.e. on every read-only command after a checkpoint.
        config.foreignKeysEnabled = true
        config.label = "berth"
        config.prepareDatabase { db in
            // WAL with NORMAL sync stays consistent after a crash; only the
            // last commits before a power loss may be lost.
            try db.execute(sql: "PRAGMA synchronous = NORMAL")
            // Small WAL: every process re-reads it when it opens the store.
            try db.execute(sql: "PRAGMA wal_autocheckpoint = 100")
            // Keep the WAL and shared-memory files between processes: every
            // berth call is a new process, and recreating them costs fsyncs.
            var persist: Int32 = 1
            _ = sqlite3_file_control(db.sqliteConnection, nil, SQLITE_FCNTL_PERSIST_WAL, &persist)
        }
        do {
            let migrator = StateDatabase.migrator
            let schemaVersion = migrator.migrations.count
            if FileSystem.exists(path) {
                let queue = try DatabaseQueue(path: path, configuration: config)
                let version = try queue.read { db in try Int.fetchOne(db, sql: "PRAGMA user_version") } ?? 0
                if version == schemaVersion {
                    self.queue = queue
                    return
                }
                if version > schemaVersion {
                    throw EngineError(.corrupt, "state database \(path) has schema version \(version), newer than this berth's \(schemaVersion): it was written by a newer berth; use that one")
                }
            }
            let lock = try FileLock(path: openLock)
            try lock.lock(exclusive: true)
            defer { lock.unlock() }
            queue = try DatabaseQueue(path: path, configuration: config)
            try queue.writeWithoutTransaction { db in
                let mode = try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
                guard mode == "wal" else {
                    throw DatabaseError(message: "cannot switch \(path) to WAL mode (got \(mode ?? "nothing"))")
                }
            }
            try migrator.migrate(queue)
            try queue.writeWithoutTransaction { db in
                try db.execute(sql: "PRAGMA user_version = \(schemaVersion)")
            }
        } catch let error as DatabaseError {
            throw EngineError(.corrupt, "cannot open state database \(path): \(error.message ?? "\(error)")")
        }
    }

    /// Runs `body` in an IMMEDIATE transaction: it commits when `body`
    /// returns and rolls back when it throws.
    public func write<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try queue.writeWithoutTransaction { db in
                var result: T?
                try db.inTransaction(.immediate) {
                    result = try body(db)
                    return .commit
                }
                wrote.store(true, ordering: .relaxed)
                return result!
            }
        } catch let error as DatabaseError {
            throw EngineError(.system, "state database: \(error.message ?? "\(error)")")
        }
    }

    /// Copies the WAL into the database and empties it. Every berth process
    /// opens the store afresh and would otherwise re-read the whole WAL, so
    /// commands that wrote leave it empty for the next one.
    public func checkpointIfWritten() {
        guard wrote.load(ordering: .relaxed) else { return }
        _ = try? queue.writeWithoutTransaction { db in try db.checkpoint(.truncate) }
    }

    /// Runs `body` on a consistent snapshot.
    public func read<T>(_ body: (Database) throws -> T) throws -> T {
        do {
            return try queue.read { db in try body(db) }
        } catch let error as DatabaseError {
            throw EngineError(.system, "state database: \(error.message ?? "\(error)")")
        }
    }
}
