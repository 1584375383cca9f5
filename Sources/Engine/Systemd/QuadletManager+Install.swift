import Foundation
import Generator
import UnitParser

extension QuadletManager {
    /// One file to write into the install directory.
    struct PlannedFile {
        /// Path relative to the install directory.
        var name: String
        var contents: Data
        /// Where it came from, for messages (`app.quadlets:12`, a path).
        var origin: String
        var isQuadlet: Bool { QuadletManager.isQuadlet(name) }
    }

    /// What one `install` writes: files, the applications they form and
    /// the files single Quadlets brought along.
    struct InstallPlan {
        var files: [PlannedFile] = []
        var applications: [String: [String]] = [:]
        var assets: [String: [String]] = [:]

        mutating func add(_ file: PlannedFile) throws {
            if let earlier = files.first(where: { $0.name == file.name }) {
                throw EngineError.invalid("\(file.origin): \(file.name) is installed twice (also from \(earlier.origin))")
            }
            files.append(file)
        }
    }

    /// Keys whose value names a file the unit needs next to it
    /// (`EnvironmentFile=app.env`): a relative one is installed with it.
    static let referencingKeys: [(group: String, key: String)] = [
        ("Container", "EnvironmentFile"), ("Service", "EnvironmentFile"), ("Kube", "Yaml"), ("Kube", "ConfigMap"),
        ("Build", "File"), ("Container", "ContainersConfModule"), ("Pod", "ContainersConfModule"),
        ("Kube", "ContainersConfModule"), ("Volume", "ContainersConfModule"), ("Network", "ContainersConfModule"),
        ("Image", "ContainersConfModule"), ("Build", "ContainersConfModule"), ("Container", "SeccompProfile"),
    ]

    /// Copies Quadlet files (and what they reference), `.quadlets` bundles
    /// and application directories into the install directory. Without
    /// `replace`, an existing file of the same name is an error and
    /// nothing is written. Returns the paths of the Quadlets written.
    package func install(_ sources: [String], replace: Bool, application: String?) throws -> [String] {
        guard !sources.isEmpty else { throw EngineError.invalid("install requires at least one Quadlet file or directory") }
        if let application, application.isEmpty || application.contains("/") || application.hasPrefix(".") {
            throw EngineError.invalid("invalid application name \"\(application)\"")
        }
        let plan = try makePlan(sources, application: application)
        guard plan.files.contains(where: \.isQuadlet) else {
            throw EngineError.invalid("no Quadlet file (\(Self.extensions.sorted().joined(separator: " "))) among \(sources.joined(separator: " "))")
        }
        if !replace {
            for file in plan.files where FileManager.default.fileExists(atPath: installDirectory + "/" + file.name) {
                throw EngineError(.conflict, "a Quadlet with name \(file.name) already exists in \(installDirectory): use --replace to overwrite it")
            }
        }
        for file in plan.files {
            try write(file.contents, to: installDirectory + "/" + file.name)
        }
        for (app, names) in plan.applications {
            try write(Data((names.joined(separator: "\n") + "\n").utf8), to: installDirectory + "/" + Self.appManifestName(app))
        }
        for (quadlet, names) in plan.assets where !names.isEmpty {
            let directory = Self.directory(of: quadlet)
            let manifest = (directory.isEmpty ? "" : directory + "/") + Self.assetManifestName(Self.baseName(of: quadlet))
            try write(Data((names.joined(separator: "\n") + "\n").utf8), to: installDirectory + "/" + manifest)
        }
        return plan.files.filter(\.isQuadlet).map { installDirectory + "/" + $0.name }
    }

    func makePlan(_ sources: [String], application: String?) throws -> InstallPlan {
        var plan = InstallPlan()
        /// The last single Quadlet named: extra non-Quadlet files belong to it.
        var lastQuadlet: String?
        for source in sources {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: source, isDirectory: &isDirectory) else {
                throw EngineError.notFound("\(source): no such file or directory")
            }
            if isDirectory.boolValue {
                let app = application ?? Self.baseName(of: Self.trimmingSlashes(source))
                for relative in try regularFiles(below: source) {
                    let file = PlannedFile(name: relative, contents: try read(source + "/" + relative), origin: source + "/" + relative)
                    if file.isQuadlet { try validate(file) }
                    try plan.add(file)
                    plan.applications[app, default: []].append(relative)
                }
            } else if source.hasSuffix(".quadlets") {
                for file in try Self.splitBundle(try read(source), path: source) {
                    try validate(file)
                    try plan.add(file)
                    if let application { plan.applications[application, default: []].append(file.name) }
                }
            } else if Self.isQuadlet(source) {
                let file = PlannedFile(name: Self.baseName(of: source), contents: try read(source), origin: source)
                let unit = try validate(file)
                try plan.add(file)
                lastQuadlet = file.name
                if let application { plan.applications[application, default: []].append(file.name) }
                for referenced in try referencedFiles(of: unit, source: source) where !plan.files.contains(where: { $0.name == referenced.name }) {
                    try plan.add(referenced)
                    if let application { plan.applications[application, default: []].append(referenced.name) } else {
                        plan.assets[file.name, default: []].append(referenced.name)
                    }
                }
            } else {
                let file = PlannedFile(name: Self.baseName(of: source), contents: try read(source), origin: source)
                try plan.add(file)
                if let application {
                    plan.applications[application, default: []].append(file.name)
                } else if let lastQuadlet {
                    plan.assets[lastQuadlet, default: []].append(file.name)
                } else {
                    throw EngineError.invalid("\(source) is not a Quadlet file (\(Self.extensions.sorted().joined(separator: " "))) and no Quadlet precedes it")
                }
            }
        }
        return plan
    }

    /// Parses a Quadlet about to be installed: a syntax error names the file and line.
    @discardableResult
    func validate(_ file: PlannedFile) throws -> UnitFile {
        do {
            return try UnitFile(parsing: String(decoding: file.contents, as: UTF8.self), path: file.origin, filename: Self.baseName(of: file.name))
        } catch {
            throw EngineError.invalid("\(error)")
        }
    }

    /// Relative files named by `referencingKeys` that exist next to `source`.
    func referencedFiles(of unit: UnitFile, source: String) throws -> [PlannedFile] {
        let directory = Self.directory(of: source)
        var files: [PlannedFile] = []
        for (group, key) in Self.referencingKeys {
            for value in unit.lookupAll(key, in: group) {
                var path = value.trimmingCharacters(in: .whitespaces)
                if path.hasPrefix("-") { path.removeFirst() }  // EnvironmentFile=-optional
                guard !path.isEmpty, !path.hasPrefix("/"), !path.contains("%"), !path.contains("://") else { continue }
                let full = (directory.isEmpty ? "." : directory) + "/" + path
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: full, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
                files.append(PlannedFile(name: path, contents: try read(full), origin: full))
            }
        }
        return files
    }

    /// A `.quadlets` file: units separated by `---` lines, each naming
    /// itself in a `# FileName=NAME` comment (the extension is taken from
    /// its first section when the name has none).
    static func splitBundle(_ data: Data, path: String) throws -> [PlannedFile] {
        let lines = String(decoding: data, as: UTF8.self).components(separatedBy: "\n")
        var parts: [(start: Int, lines: [String])] = [(1, [])]
        for (index, line) in lines.enumerated() {
            if line.trimmingCharacters(in: .whitespaces) == "---" {
                parts.append((index + 2, []))
            } else {
                parts[parts.count - 1].lines.append(line)
            }
        }
        var files: [PlannedFile] = []
        for part in parts where part.lines.contains(where: { !$0.trimmingCharacters(in: .whitespaces).isEmpty }) {
            let nameLine = part.lines.firstIndex { line in
                let t = line.trimmingCharacters(in: .whitespaces)
                return (t.hasPrefix("#") || t.hasPrefix(";")) && t.dropFirst().trimmingCharacters(in: .whitespaces).hasPrefix("FileName=")
            }
            guard let nameLine else {
                throw EngineError.invalid("\(path):\(part.start): a section of a .quadlets file needs a \"# FileName=NAME\" comment")
            }
            let comment = part.lines[nameLine].trimmingCharacters(in: .whitespaces).dropFirst().trimmingCharacters(in: .whitespaces)
            var name = String(comment.dropFirst("FileName=".count)).trimmingCharacters(in: .whitespaces)
            guard !name.isEmpty, !name.contains("/"), !name.hasPrefix(".") else {
                throw EngineError.invalid("\(path):\(part.start + nameLine): invalid FileName \"\(name)\"")
            }
            if !isQuadlet(name) {
                guard let kind = sectionKind(part.lines) else {
                    throw EngineError.invalid("\(path):\(part.start + nameLine): FileName \(name) has no Quadlet extension and no [Container], [Volume], ... section tells which")
                }
                name += kind.fileExtension
            }
            let text = part.lines.joined(separator: "\n")
            files.append(PlannedFile(name: name, contents: Data((text.hasSuffix("\n") ? text : text + "\n").utf8), origin: "\(path):\(part.start)"))
        }
        guard !files.isEmpty else { throw EngineError.invalid("\(path): no Quadlet in this .quadlets file") }
        return files
    }

    static func sectionKind(_ lines: [String]) -> UnitKind? {
        for line in lines {
            let t = line.trimmingCharacters(in: .whitespaces)
            guard t.hasPrefix("["), t.hasSuffix("]") else { continue }
            if let kind = UnitKind.allCases.first(where: { "[" + $0.groupName + "]" == t }) { return kind }
        }
        return nil
    }

    /// Regular files below `root`, relative to it, hidden ones left out.
    func regularFiles(below root: String) throws -> [String] {
        guard let walker = FileManager.default.enumerator(atPath: root) else {
            throw EngineError(.system, "cannot read directory \(root)")
        }
        var files: [String] = []
        while let relative = walker.nextObject() as? String {
            if Self.baseName(of: relative).hasPrefix(".") {
                walker.skipDescendants()
                continue
            }
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: root + "/" + relative, isDirectory: &isDirectory), !isDirectory.boolValue {
                files.append(relative)
            }
        }
        return files.sorted()
    }

    static func trimmingSlashes(_ path: String) -> String {
        var p = path
        while p.count > 1 && p.hasSuffix("/") { p.removeLast() }
        return p
    }

    func read(_ path: String) throws -> Data {
        do { return try Data(contentsOf: URL(fileURLWithPath: path)) } catch {
            throw EngineError(.system, "reading \(path): \(error.localizedDescription)")
        }
    }

    /// Writes through a temporary file renamed over `path`: a reader sees
    /// the old file or the whole new one, never a longer old tail.
    func write(_ data: Data, to path: String) throws {
        do {
            try FileManager.default.createDirectory(atPath: Self.directory(of: path), withIntermediateDirectories: true)
            try data.write(to: URL(fileURLWithPath: path), options: .atomic)
        } catch {
            throw EngineError(.system, "writing \(path): \(error.localizedDescription)")
        }
    }
}
