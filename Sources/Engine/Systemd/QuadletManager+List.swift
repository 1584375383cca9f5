#if canImport(Glibc)
import Glibc
#endif
import Foundation
import Generator
import UnitParser

/// One Quadlet file the generator would read, as `berth quadlet list`
/// shows it (Podman's field names, for `--format`).
package struct InstalledQuadlet: Encodable, Sendable, Equatable {
    /// The file's name (`web.container`).
    package var Name: String
    /// The service generated from it (`web.service`).
    package var UnitName: String
    package var Path: String
    /// `active/running`, `inactive/dead`, `failed/failed`, ... or `Not loaded`
    /// when systemd has no such unit (no daemon-reload since it was installed).
    package var Status: String
    /// The application it was installed with, if any.
    package var App: String
    /// `Pod=` of a `.container` (empty when it has none).
    package var Pod: String

    package init(Name: String, UnitName: String, Path: String, Status: String, App: String, Pod: String) {
        self.Name = Name
        self.UnitName = UnitName
        self.Path = Path
        self.Status = Status
        self.App = App
        self.Pod = Pod
    }
}

extension QuadletManager {
    /// Every Quadlet in the search directories, the first of a name only
    /// (as the generator reads them), with its service's status.
    package func list() throws -> [InstalledQuadlet] {
        var quadlets = try scan()
        let states = try unitStates(quadlets.map(\.UnitName))
        for index in quadlets.indices {
            quadlets[index].Status = states[quadlets[index].UnitName] ?? "Not loaded"
        }
        return quadlets
    }

    /// The Quadlets without their status (no systemd asked).
    func scan() throws -> [InstalledQuadlet] {
        var seen = Set<String>()
        var quadlets: [InstalledQuadlet] = []
        for directory in searchDirectories {
            let names = try listDirectory(directory)
            var appOf: [String: String] = [:]
            for (app, files) in try applications(in: directory) {
                for file in files { appOf[file] = app }
            }
            for name in names where Self.isQuadlet(name) && !name.hasPrefix(".") && seen.insert(name).inserted {
                let path = directory + "/" + name
                var isDirectory: ObjCBool = false
                guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), !isDirectory.boolValue else { continue }
                // A file the generator cannot parse is still listed, under its default service name.
                let text = String(decoding: try read(path), as: UTF8.self)
                let unit = (try? UnitFile(parsing: text, path: path)) ?? UnitFile(filename: name, path: path)
                let pod = name.hasSuffix(".container") ? unit.lookupNonEmpty("Pod", in: "Container") ?? "" : ""
                // Applications are recorded relative to the install directory.
                let relative = path.hasPrefix(installDirectory + "/") ? String(path.dropFirst(installDirectory.count + 1)) : name
                quadlets.append(InstalledQuadlet(Name: name, UnitName: UnitKind.serviceFileName(of: unit) ?? name, Path: path,
                                                 Status: "", App: appOf[relative] ?? "", Pod: pod))
            }
        }
        return quadlets
    }

    /// `ACTIVE/SUB` of each unit systemd knows; `loaded template` for an
    /// uninstantiated template; absent when it is not loaded.
    func unitStates(_ units: [String]) throws -> [String: String] {
        guard !units.isEmpty else { return [:] }
        let out = try systemctl(["show", "--property=Id,LoadState,ActiveState,SubState", "--"] + units)
        guard out.status == 0 else {
            throw EngineError(.system, "systemctl\(isUser ? " --user" : "") show: \(out.stderr.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        // Blocks come in the order asked, so a block is matched to its unit by position.
        let blocks = out.stdout.components(separatedBy: "\n\n").filter { !$0.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty }
        var states: [String: String] = [:]
        for (unit, block) in zip(units, blocks) {
            var properties: [String: String] = [:]
            for line in block.split(separator: "\n") {
                guard let eq = line.firstIndex(of: "=") else { continue }
                properties[String(line[..<eq])] = String(line[line.index(after: eq)...])
            }
            guard let load = properties["LoadState"], load != "not-found" else { continue }
            if unit.hasSuffix("@.service") {
                states[unit] = "loaded template"
            } else {
                states[unit] = (properties["ActiveState"] ?? "") + "/" + (properties["SubState"] ?? "")
            }
        }
        return states
    }

    /// The text of the Quadlet `name` the generator would read.
    package func print(_ name: String) throws -> String {
        guard let quadlet = try scan().first(where: { $0.Name == name }) else {
            throw EngineError.notFound("\(name): no such Quadlet")
        }
        return String(decoding: try read(quadlet.Path), as: UTF8.self)
    }
}

extension InstalledQuadlet {
    /// `name=GLOB`, `status=active/running`, `pod=NAME.pod`: all must hold.
    package func matches(filters: [String]) throws -> Bool {
        try filters.allSatisfy { spec in
            let kv = spec.split(separator: "=", maxSplits: 1).map(String.init)
            let value = kv.count > 1 ? kv[1] : ""
            switch kv.first ?? "" {
            case "name": return fnmatch(value, Name, 0) == 0
            case "status": return Status == value
            case "pod": return Pod == value
            default: throw EngineError.invalid("invalid filter \"\(spec)\": use name=, status= or pod=")
            }
        }
    }
}
