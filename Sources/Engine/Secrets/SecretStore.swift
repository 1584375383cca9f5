#if canImport(Glibc)
import Glibc
#endif
import Foundation
import GRDB

/// What `secret create` asks for.
public struct SecretSpec: Sendable {
    public var name: String
    public var data: Data
    public var driver = "file"
    public var driverOptions: [String: String] = [:]
    public var labels: [String: String] = [:]
    /// `--replace`: an existing secret of that name keeps its ID and gets this data.
    public var replace = false

    public init(name: String, data: Data) {
        self.name = name
        self.data = data
    }
}

/// Secrets with Podman's `file` driver: metadata in the state database,
/// each secret's bytes in a file of mode 0600 in a directory of mode 0700
/// (`<root>/secrets/filedriver/<id>`, or `--driver-opts path=DIR`), so only
/// the store's owner (root, or the rootless user) can read them.
public struct SecretStore {
    public let store: Store

    public init(store: Store) { self.store = store }

    /// Podman's limit: the data must be shorter than this.
    public static let maxSize = 512_000

    public var defaultDirectory: String { store.root + "/secrets/filedriver" }

    /// Podman 4.3's rule: `[a-zA-Z0-9][a-zA-Z0-9_.-]*`, at most 64
    /// characters, not ending in `-` or `.` (so no `/`, `..`, NUL or newline).
    public static func validateName(_ name: String) throws {
        let bytes = Array(name.utf8)
        func alnum(_ b: UInt8) -> Bool { (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) }
        let valid = !bytes.isEmpty && bytes.count <= 64 && alnum(bytes[0])
            && bytes.allSatisfy { alnum($0) || $0 == 95 || $0 == 46 || $0 == 45 }
            && bytes.last != 45 && bytes.last != 46
        if !valid {
            throw EngineError.invalid("only 64 [a-zA-Z0-9-_.] characters allowed, and the start and end character must be [a-zA-Z0-9]: \(name): invalid secret name")
        }
    }

    /// Checks a secret's bytes against Podman's bounds.
    public static func validateData(_ data: Data) throws {
        guard data.count > 0 && data.count < maxSize else {
            throw EngineError.invalid("secret data must be larger than 0 and less than \(maxSize) bytes")
        }
    }

    /// Reads a secret's data from a file or standard input (`-`), at most
    /// one byte past the limit (a larger one is refused without reading it all).
    public static func readData(from path: String) throws -> Data {
        let fd = path == "-" ? dup(0) : open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw EngineError.system("open \(path == "-" ? "standard input" : path)", errno) }
        defer { close(fd) }
        return try FileSystem.readAll(fd, path: path, limit: maxSize + 1)
    }

    /// Creates the secret (or, with `replace`, gives an existing one new
    /// data, labels and options); returns its ID. Nothing is left behind
    /// when it fails.
    @discardableResult
    public func create(_ spec: SecretSpec) throws -> String {
        try SecretStore.validateName(spec.name)
        guard spec.driver == "file" else { throw EngineError.invalid("invalid driver") }
        try SecretStore.validateData(spec.data)
        var options = spec.driverOptions
        let directory = options["path"] ?? defaultDirectory
        guard directory.hasPrefix("/"), !directory.contains("\0") else {
            throw EngineError.invalid("secret driver option path=\(directory): must be absolute: invalid driver option")
        }
        options["path"] = directory
        try SecretStore.preparePrivateDirectory(directory, tighten: directory == defaultDirectory)
        let newId = String(FileSystem.randomHex(13).prefix(25))
        let staged = directory + "/.tmp-" + newId
        try SecretStore.writePrivateFile(staged, spec.data)
        let now = Timestamp.now()
        let labels = try JSONCoding.encoder(pretty: false).encode(spec.labels)
        let driverOptions = try JSONCoding.encoder(pretty: false).encode(options)
        var replacedPath: String?
        let id: String
        do {
            id = try store.mutate { db in
                if var existing = try SecretRecord.filter(Column("name") == spec.name).fetchOne(db) {
                    guard spec.replace else { throw EngineError(.conflict, "\(spec.name): secret name in use") }
                    let oldPath = try dataPath(existing)
                    existing.driverOptions = driverOptions
                    existing.labels = labels
                    existing.updated = now
                    try existing.update(db)
                    if rename(staged, directory + "/" + existing.id) != 0 {
                        throw EngineError.system("store secret \(spec.name)", errno)
                    }
                    if oldPath != directory + "/" + existing.id { replacedPath = oldPath }
                    try copyRecords(db)
                    return existing.id
                }
                try sweepUnrecorded(db)
                try SecretRecord(id: newId, name: spec.name, driver: spec.driver, driverOptions: driverOptions,
                                 labels: labels, created: now, updated: now).insert(db)
                if rename(staged, directory + "/" + newId) != 0 {
                    throw EngineError.system("store secret \(spec.name)", errno)
                }
                try copyRecords(db)
                return newId
            }
        } catch {
            unlink(staged)
            throw error
        }
        if let replacedPath { unlink(replacedPath) }
        return id
    }

    /// Deletes data files in the default directory that no record names:
    /// what a `create` killed before its commit, or an `rm` killed after
    /// it, left. Runs under the store's write lock, where every rename of
    /// a data file into place happens, so nothing seen here is in flight;
    /// a staged file (`.tmp-ID`) is another create's only after an hour.
    func sweepUnrecorded(_ db: Database) throws {
        let directory = defaultDirectory
        let recorded = Set(try String.fetchAll(db, sql: "SELECT id FROM secret"))
        let hourAgo = Timestamp.now() - 3600
        for name in FileSystem.list(directory) {
            let path = directory + "/" + name
            if name.hasPrefix(".tmp-") {
                var st = stat()
                guard lstat(path, &st) == 0, Double(st.st_mtim.tv_sec) < hourAgo else { continue }
            } else if name.count != 25 || recorded.contains(name) {
                continue
            }
            if unlink(path) != 0 && errno != ENOENT { throw EngineError.system("remove unrecorded secret data \(path)", errno) }
        }
    }

    /// A copy of the records (metadata only, mode 0600) beside the data,
    /// rewritten inside each transaction that changes them, so that
    /// `system repair --rebuild` can record the secrets again after the
    /// database is lost (the data files alone carry no names).
    var recordsCopyPath: String { store.root + "/secrets/secrets.json" }

    func copyRecords(_ db: Database) throws {
        let records = try SecretRecord.order(Column("created")).fetchAll(db)
        try FileSystem.writeFileAtomically(recordsCopyPath, try JSONEncoder().encode(records), mode: 0o600)
    }

    /// Records again the secrets of the copy whose data is still there
    /// (inside the rebuild's transaction); returns how many, and says why
    /// for the others.
    func rebuild(_ db: Database, skipped: inout [String]) throws -> Int {
        guard let data = try FileSystem.readFileIfPresent(recordsCopyPath) else {
            let orphans = FileSystem.list(defaultDirectory).filter { !$0.hasPrefix(".") }
            if !orphans.isEmpty { skipped.append("secrets: \(orphans.count) data files in \(defaultDirectory) but no copy of their records in \(recordsCopyPath)") }
            return 0
        }
        let records: [SecretRecord]
        do { records = try JSONDecoder().decode([SecretRecord].self, from: data) } catch {
            skipped.append("secrets: \(recordsCopyPath) unreadable (\(error))")
            return 0
        }
        var count = 0
        for record in records {
            if try SecretRecord.fetchOne(db, key: record.id) != nil { continue }
            let path: String
            do { path = try dataPath(record) } catch let error as EngineError {
                skipped.append("secret \(record.name): \(error.message)")
                continue
            }
            guard FileSystem.exists(path) else {
                skipped.append("secret \(record.name): its data \(path) is missing")
                continue
            }
            if try SecretRecord.filter(Column("name") == record.name).fetchOne(db) != nil {
                skipped.append("secret \(record.name) (\(record.id)): the name is taken")
                continue
            }
            try record.insert(db)
            count += 1
        }
        try copyRecords(db)
        return count
    }

    public func list() throws -> [SecretRecord] {
        try store.database.read { db in try SecretRecord.order(Column("created")).fetchAll(db) }
    }

    /// By name, by ID, or by an unambiguous prefix of an ID (Podman's lookup).
    public func get(_ nameOrID: String) throws -> SecretRecord {
        try store.database.read { db in try get(nameOrID, db) }
    }

    func get(_ nameOrID: String, _ db: Database) throws -> SecretRecord {
        if let byName = try SecretRecord.filter(Column("name") == nameOrID).fetchOne(db) { return byName }
        if let byId = try SecretRecord.fetchOne(db, key: nameOrID) { return byId }
        if !nameOrID.isEmpty, nameOrID.utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || ($0 >= 97 && $0 <= 102) }) {
            let hits = try SecretRecord.filter(sql: "id LIKE ?", arguments: [nameOrID + "%"]).limit(2).fetchAll(db)
            if hits.count == 1 { return hits[0] }
            if hits.count > 1 { throw EngineError.invalid("\(nameOrID): secret is ambiguous") }
        }
        throw EngineError.notFound("no secret with name or id \"\(nameOrID)\": no such secret")
    }

    /// Whether a secret of that name or ID is recorded (a failure to read
    /// the records is thrown, not taken for "no").
    public func exists(_ nameOrID: String) throws -> Bool {
        do {
            _ = try get(nameOrID)
            return true
        } catch let error as EngineError where error.kind == .notFound {
            return false
        }
    }

    /// Removes the secret's record, then its data; returns its ID.
    /// Containers that use it keep running; their next start fails (Podman's behaviour).
    @discardableResult
    public func remove(_ nameOrID: String) throws -> String {
        let (record, path) = try store.mutate { db in
            let record = try get(nameOrID, db)
            var path = defaultDirectory + "/" + record.id
            // A record whose options cannot be read stays removable; its data is looked for in the default place.
            do { path = try dataPath(record) } catch { EngineLog.warn("secret \(record.name): \(error); removing \(path)") }
            try SecretRecord.deleteOne(db, key: record.id)
            try copyRecords(db)
            return (record, path)
        }
        if unlink(path) != 0 && errno != ENOENT {
            throw EngineError.system("remove the data of secret \(record.name)", errno)
        }
        return record.id
    }

    public func driverOptions(_ record: SecretRecord) throws -> [String: String] {
        do { return try JSONDecoder().decode([String: String].self, from: record.driverOptions) } catch {
            throw EngineError(.corrupt, "secret \(record.name): unreadable driver options: \(error)")
        }
    }

    public func labels(_ record: SecretRecord) throws -> [String: String] {
        do { return try JSONDecoder().decode([String: String].self, from: record.labels) } catch {
            throw EngineError(.corrupt, "secret \(record.name): unreadable labels: \(error)")
        }
    }

    func dataPath(_ record: SecretRecord) throws -> String {
        let directory = try driverOptions(record)["path"] ?? defaultDirectory
        return directory + "/" + record.id
    }

    /// The secret's bytes, read without following a symbolic link.
    public func data(_ record: SecretRecord) throws -> Data {
        let path = try dataPath(record)
        let fd = open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC)
        if fd < 0 { throw EngineError.system("read the data of secret \(record.name) (\(path))", errno) }
        defer { close(fd) }
        return try FileSystem.readAll(fd, path: path)
    }

    public func report(_ record: SecretRecord, showSecret: Bool = false) throws -> SecretInspectReport {
        SecretInspectReport(
            ID: record.id, CreatedAt: Timestamp.rfc3339(record.created), UpdatedAt: Timestamp.rfc3339(record.updated),
            Spec: .init(Name: record.name, Driver: .init(Name: record.driver, Options: try driverOptions(record)),
                        Labels: try labels(record)),
            SecretData: showSecret ? String(decoding: try data(record), as: UTF8.self) : nil)
    }

    /// The report `ls` shows: a record whose labels or options cannot be
    /// read is listed still (and stays removable), without them, with the problem.
    public func listReport(_ record: SecretRecord) -> (SecretInspectReport, problem: EngineError?) {
        do { return (try report(record), nil) } catch {
            let problem = error as? EngineError ?? EngineError(.corrupt, "secret \(record.name): \(error)")
            return (SecretInspectReport(ID: record.id, CreatedAt: Timestamp.rfc3339(record.created), UpdatedAt: Timestamp.rfc3339(record.updated),
                                        Spec: .init(Name: record.name, Driver: .init(Name: record.driver, Options: [:]), Labels: [:]),
                                        SecretData: nil), problem)
        }
    }

    /// Makes `directory` (mode 0700) if needed and refuses one that another
    /// user owns or that is not a directory. One that others can enter is
    /// tightened if it is the store's own (`tighten`), else refused: a
    /// `--driver-opts path=` naming a shared directory is never chmodded.
    static func preparePrivateDirectory(_ directory: String, tighten: Bool) throws {
        try FileSystem.makeDirectories(directory, mode: 0o700)
        var st = stat()
        guard lstat(directory, &st) == 0 else { throw EngineError.system("stat \(directory)", errno) }
        guard (st.st_mode & S_IFMT) == S_IFDIR, st.st_uid == geteuid() else {
            throw EngineError(.conflict, "secrets directory \(directory) is not a directory owned by uid \(geteuid()): refusing to store secrets there")
        }
        if st.st_mode & 0o077 != 0 {
            guard tighten else {
                throw EngineError(.conflict, "secrets directory \(directory) can be entered by other users (mode \(String(st.st_mode & 0o7777, radix: 8))): use a directory of mode 0700")
            }
            if chmod(directory, 0o700) != 0 { throw EngineError.system("chmod \(directory)", errno) }
        }
    }

    /// Writes a new file of mode 0600 (never through a link, never over an existing file).
    static func writePrivateFile(_ path: String, _ data: Data, uid: uid_t? = nil, gid: gid_t? = nil, mode: mode_t = 0o600) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0o600)
        if fd < 0 { throw EngineError.system("create \(path)", errno) }
        do {
            if let uid, let gid, fchown(fd, uid, gid) != 0 { throw EngineError.system("chown \(path)", errno) }
            if fchmod(fd, mode) != 0 { throw EngineError.system("chmod \(path)", errno) }
            try data.withUnsafeBytes { try FileSystem.writeAll(fd, $0, path: path) }
            close(fd)
        } catch {
            close(fd)
            unlink(path)
            throw error
        }
    }
}

extension Store {
    public var secrets: SecretStore { SecretStore(store: self) }
}
