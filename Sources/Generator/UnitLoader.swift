import UnitParser

/// Reads the Quadlet units of every search directory, and their drop-ins.
struct UnitLoader: Sendable {
    let searchPaths: SearchPaths

    struct Loaded {
        var units: [(unit: UnitFile, info: UnitInfo)] = []
        /// One message per file that could not be read or parsed.
        var problems: [String] = []
        /// For each unit: drop-ins that could not be read, and (when
        /// verbose) the drop-ins loaded.
        var dropIns: [(problems: [String], notes: [String])] = []
    }

    /// Every unit file with a known extension, its drop-ins merged; for a
    /// name found in several directories, the first directory wins. Files
    /// are read, parsed, merged and named (`UnitInfo`) in parallel, in one pass.
    func loadUnits(debug: ((String) -> Void)?) -> Loaded {
        var loaded = Loaded()
        var found: [(directory: OpenDirectory, name: String, kind: UnitKind)] = []
        var opened: [OpenDirectory] = []
        defer { opened.forEach { $0.close() } }
        for directory in searchPaths.directories {
            let entries: [(name: String, type: FileSystem.EntryType)]
            do {
                guard let list = try FileSystem.listDirectory(directory, including: { $0 != .directory }) else { continue }
                entries = list
            } catch {
                loaded.problems.append("\(error)")
                continue
            }
            let units = entries.compactMap { entry in UnitKind(fileName: entry.name).map { (entry.name, $0) } }
            if units.isEmpty { continue }
            let open: OpenDirectory
            do {
                open = try OpenDirectory(directory)
            } catch {
                loaded.problems.append("\(error)")
                continue
            }
            opened.append(open)
            for (name, kind) in units { found.append((open, name, kind)) }
        }
        let verbose = debug != nil
        let parsed = Parallel.map(found) { (directory, name, kind) -> Result<(UnitFile, UnitInfo, [String], [String]), LoadError> in
            do {
                var unit = try UnitFile(parsing: try directory.readFile(name), path: directory.path + "/" + name)
                var notes: [String] = []
                let problems = applyDropIns(to: &unit, debug: verbose ? { notes.append($0) } : nil)
                return .success((unit, UnitInfo(unit: unit, kind: kind), problems, notes))
            } catch {
                return .failure(LoadError(description: "error loading \(error)"))
            }
        }
        // The first file of a name that parses wins: a broken copy in /etc
        // does not hide the one in /usr/share.
        var seen = Set<String>()
        for ((directory, name, _), result) in zip(found, parsed) {
            guard !seen.contains(name) else { continue }
            debug?("Loading source unit file \(directory.path)/\(name)")
            switch result {
            case .success(let (unit, info, problems, notes)):
                seen.insert(name)
                loaded.units.append((unit, info))
                loaded.dropIns.append((problems, notes))
            case .failure(let error):
                loaded.problems.append(error.description)
            }
        }
        return loaded
    }

    struct LoadError: Error, Sendable {
        var description: String
    }

    /// Merges `NAME.d/*.conf` drop-ins (and the template and prefix
    /// variants) into `unit`. For each `.conf` name the most specific
    /// directory wins; the files are applied in name order.
    func applyDropIns(to unit: inout UnitFile, debug: ((String) -> Void)?) -> [String] {
        guard searchPaths.mayHaveDropIns else { return [] }
        var problems: [String] = []
        var chosen: [String: String] = [:]
        for name in unit.dropInDirectoryNames {
            for directory in searchPaths.directories {
                let dropInDirectory = directory + "/" + name
                // The walk listed every directory there is: skip the lookups that would fail.
                if !searchPaths.mayExist(dropInDirectory) { continue }
                let entries: [(name: String, type: FileSystem.EntryType)]
                do {
                    guard let list = try FileSystem.listDirectory(dropInDirectory) else { continue }
                    entries = list
                } catch {
                    problems.append("\(error)")
                    continue
                }
                for entry in entries where entry.name.hasSuffix(".conf") && chosen[entry.name] == nil {
                    chosen[entry.name] = dropInDirectory + "/" + entry.name
                }
            }
        }
        for name in chosen.keys.sorted() {
            let path = chosen[name]!
            debug?("Loading source drop-in file \(path)")
            do {
                unit.merge(try UnitFile(parsing: try FileSystem.readFile(path), path: path))
            } catch {
                problems.append("error loading \(error)")
            }
        }
        return problems
    }
}
