import GRDB

extension ContainerManager {
    /// `rename`: a new name for a container in any state (Podman's rules
    /// and words; the name shows in /etc/hosts from the next start on).
    public func rename(_ nameOrID: String, to newName: String) throws {
        do { try ContainerStorage.validateName(newName) } catch {
            throw EngineError.invalid("names must match [a-zA-Z0-9][a-zA-Z0-9_.-]*: invalid argument")
        }
        let c = try load(nameOrID)
        let lock = try lock(c.id)
        defer { lock.unlock() }
        try store.database.write { db in
            if let other = try ContainerRecord.filter(Column("name") == newName).fetchOne(db), other.id != c.id {
                throw EngineError(.conflict, "renaming container \(c.id): name \(newName) already in use, cannot rename container \(c.id): container already exists")
            }
            try db.execute(sql: "UPDATE container SET name = ? WHERE id = ?", arguments: [newName, c.id])
        }
    }
}
