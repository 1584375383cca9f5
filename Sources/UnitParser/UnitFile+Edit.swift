/// Changing a unit in memory.
extension UnitFile {
    /// Appends `key=value` to the group (created at the end if missing).
    public mutating func add(_ key: String, _ value: String, in groupName: String) {
        let index = ensureGroup(groupName)
        groups[index].lines.append(UnitLine(key: key, value: value, isComment: false))
    }

    /// Appends a command line, quoting words as systemd needs.
    public mutating func addCommandLine(_ key: String, _ words: [String], in groupName: String) {
        add(key, CEscape.escapeWords(words), in: groupName)
    }

    /// Replaces the last value of `key`, or appends it when missing.
    public mutating func set(_ key: String, _ value: String, in groupName: String) {
        let index = ensureGroup(groupName)
        if let line = groups[index].lastLine(for: key) {
            groups[index].lines[line].value = value
        } else {
            groups[index].lines.append(UnitLine(key: key, value: value, isComment: false))
        }
    }

    /// Removes every assignment of `key` from the group.
    public mutating func unset(_ key: String, in groupName: String) {
        guard let index = groupIndex(groupName) else { return }
        groups[index].lines.removeAll { $0.isKey(key) }
    }

    /// Inserts `key=value` as the group's first line.
    public mutating func prepend(_ key: String, _ value: String, in groupName: String) {
        let index = groupName.isEmpty && !groups.isEmpty ? 0 : ensureGroup(groupName)
        groups[index].lines.insert(UnitLine(key: key, value: value, isComment: false), at: 0)
    }

    /// Puts `# comment` lines before the group's header (the first group's
    /// when `groupName` is empty).
    public mutating func prependComments(_ comments: [String], in groupName: String = "") {
        let index = groupName.isEmpty && !groups.isEmpty ? 0 : ensureGroup(groupName)
        let lines = comments.map { UnitLine(key: "", value: $0.isEmpty ? "#" : "# " + $0, isComment: true) }
        groups[index].comments.insert(contentsOf: lines, at: 0)
    }

    public mutating func removeGroup(_ name: String) {
        guard let index = groupIndex(name) else { return }
        groups.remove(at: index)
    }

    /// Renames a group; when `newName` exists already the lines merge into it.
    public mutating func renameGroup(_ name: String, to newName: String) {
        guard let index = groupIndex(name), name != newName else { return }
        if let target = groupIndex(newName) {
            groups[target].merge(groups[index])
            removeGroup(name)
        } else {
            groups[index].name = newName
        }
    }

    /// Adds every group of `other` to this file (drop-ins, duplicates).
    public mutating func merge(_ other: UnitFile) {
        for group in other.groups {
            let index = ensureGroup(group.name)
            groups[index].merge(group)
        }
    }
}
